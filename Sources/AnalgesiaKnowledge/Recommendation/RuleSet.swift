import Foundation

/// A versioned, ordered set of rules. Recommendation rules are listed by importance; grading
/// rules are tried in order and the first that holds decides.
public struct RuleSet: Sendable, Hashable {
    public var version: String
    public var rules: [Rule]

    public init(version: String, rules: [Rule]) {
        self.version = version
        self.rules = rules
    }
}

extension RuleSet {
    /// The rules in use.
    public static let current = v2
}
