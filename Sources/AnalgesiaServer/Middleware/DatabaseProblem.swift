import HTTPTypes

extension ProblemError {
    /// The problem a database failure stands for when it is not the service's fault: a write
    /// lock held past the busy timeout (503, retry) or a change that breaks a stored constraint
    /// (409). Anything else stays an internal error.
    static func persistence(_ error: PersistenceError) -> ProblemError {
        switch error {
        case .busy:
            var headers = HTTPFields()
            headers[.retryAfter] = "1"
            return ProblemError(
                status: .serviceUnavailable,
                type: "/problems/database-busy",
                title: "Database busy",
                detail: "Another process held the database's write lock longer than the busy timeout; nothing was changed. Retry shortly.",
                extraHeaders: headers
            )
        case .unavailable:
            var headers = HTTPFields()
            headers[.retryAfter] = "2"
            return ProblemError(
                status: .serviceUnavailable,
                type: "/problems/database-unavailable",
                title: "Database unavailable",
                detail: "The database cannot be reached; nothing was changed. Reads are still served. Retry shortly.",
                extraHeaders: headers
            )
        case .conflict(let reason):
            return .conflict("The change conflicts with stored data (\(reason)); nothing was changed.")
        case .rowRejected(let label, let reason):
            return .invalidItem([(label, "could not be stored: \(reason)")])
        }
    }
}
