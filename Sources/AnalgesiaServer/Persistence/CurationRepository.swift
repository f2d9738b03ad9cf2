import AnalgesiaKnowledge

/// Where curated writes are stored: rows, versions, tombstones, the audit trail and remembered
/// idempotent answers. The write rules (`CurationStore`, `KnowledgeTransfer`) decide; a repository
/// only reads and writes, inside one transaction per write.
protocol CurationRepository: Sendable {
    /// Runs one curated write inside one transaction that other curated writers wait for
    /// (on every replica): reads the `CurationState`, asks the transaction to decide, writes its
    /// changes, reads the state after them and asks for the audit rows and the answer to
    /// remember. Anything thrown rolls all of it back.
    func perform<Result: Sendable>(_ transaction: CuratedTransaction<Result>) async throws -> Result
    /// The item's audit trail, newest first; nil when no item ever had this key.
    func history(_ kind: ItemKind, _ key: String) async throws -> ItemHistory?
}
