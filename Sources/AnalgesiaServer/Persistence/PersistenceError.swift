/// A database failure that is not the service's fault, in terms every backend shares. Each
/// backend translates its own errors into these at its boundary; anything else stays an internal
/// error. `ProblemError.persistence(_:)` says what the client gets.
enum PersistenceError: Error, CustomStringConvertible {
    /// Another writer held the lock longer than the busy timeout; nothing was changed.
    case busy
    /// The database cannot be reached (down, restarting, refusing connections); nothing was changed.
    case unavailable(reason: String)
    /// The change breaks a stored constraint; nothing was changed.
    case conflict(reason: String)
    /// One row of a multi-row change was refused (`label` names it, e.g. "line 12").
    case rowRejected(label: String, reason: String)

    var description: String {
        switch self {
        case .busy: "the database's write lock was held past the busy timeout"
        case .unavailable(let reason): "the database is unavailable: \(reason)"
        case .conflict(let reason): "a stored constraint refused the change: \(reason)"
        case .rowRejected(let label, let reason): "\(label) could not be stored: \(reason)"
        }
    }
}
