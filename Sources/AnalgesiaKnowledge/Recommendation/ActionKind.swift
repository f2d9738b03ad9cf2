import Foundation

/// What a recommendation asks the clinician to do.
public enum ActionKind: String, CaseIterable, Codable, Sendable, Hashable {
    case `do`
    case avoid
    case caution
    case monitor
    case consider
}
