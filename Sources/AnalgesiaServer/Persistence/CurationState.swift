import AnalgesiaKnowledge

/// What a curated write sees of the stored state, read inside its transaction.
struct CurationState: Sendable {
    var stamp: KnowledgeStamp
    /// The stored content; nil when `stamp` is the caller's `heldStamp` (its snapshot is current).
    var content: KnowledgeContent?
    /// The version of every deleted item, by `kind/key`.
    var tombstones: [String: Int]
    /// The answer remembered for the transaction's idempotency lookup, if any.
    var rememberedAnswer: StoredAnswer?

    /// The tombstone's version when the item was deleted, else nil.
    func tombstoneVersion(_ kind: ItemKind, _ key: String) -> Int? {
        tombstones["\(kind.rawValue)/\(key)"]
    }
}
