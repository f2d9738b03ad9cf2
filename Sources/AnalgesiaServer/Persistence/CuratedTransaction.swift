import AnalgesiaKnowledge
import Foundation

/// One curated write as a `CurationRepository` runs it. The rules are synchronous functions of
/// what the transaction read, so every backend runs the same rules whether its driver is
/// synchronous (GRDB) or asynchronous (PostgresNIO).
struct CuratedTransaction<Result: Sendable>: Sendable {
    /// The remembered answer to look up for a create sent with an Idempotency-Key.
    struct IdempotencyLookup: Sendable {
        var keyID: String
        var idempotencyKey: String
        /// Answers remembered before this are forgotten first.
        var forgetBefore: Date
    }

    /// What the rules answer once they have seen the state.
    enum Decision: Sendable {
        /// Nothing to write (a replayed create, an unchanged item); the transaction ends here.
        case answer(Result)
        /// Write `changes`, then call `then` with the content as it is after them.
        case write(CurationChanges, then: @Sendable (KnowledgeContent) throws -> CurationRecords<Result>)
    }

    /// The stamp of the snapshot the caller holds: the content is read only when the stored
    /// stamp differs (`CurationState.content` is nil otherwise).
    var heldStamp: KnowledgeStamp?
    var idempotency: IdempotencyLookup?
    var decide: @Sendable (CurationState) throws -> Decision
}
