/// What a curated write stores once its changes are in: the audit rows, the answer to remember
/// for its Idempotency-Key, and what it returns to the caller.
struct CurationRecords<Result: Sendable>: Sendable {
    var audits: [AuditEntry]
    var answer: StoredAnswer?
    var result: Result
}
