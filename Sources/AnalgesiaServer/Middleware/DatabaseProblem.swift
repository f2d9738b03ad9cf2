import GRDB
import HTTPTypes

extension ProblemError {
    /// The problem a database error stands for when it is not the service's fault: a write lock
    /// held past the busy timeout (503, retry) or a change that breaks a stored constraint (409).
    /// Anything else stays an internal error.
    static func database(_ error: DatabaseError) -> ProblemError? {
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            var headers = HTTPFields()
            headers[.retryAfter] = "1"
            return ProblemError(
                status: .serviceUnavailable,
                type: "/problems/database-busy",
                title: "Database busy",
                detail: "Another process held the database's write lock longer than the busy timeout; nothing was changed. Retry shortly.",
                extraHeaders: headers
            )
        case .SQLITE_CONSTRAINT:
            return .conflict("The change conflicts with stored data (\(error.message ?? "a constraint failed")); nothing was changed.")
        default:
            return nil
        }
    }
}
