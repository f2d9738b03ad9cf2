import Foundation

/// Why a rule fired or did not.
public struct TraceEntry: Sendable, Hashable {
    public var rule: String
    public var kind: Rule.Kind
    public var title: String
    public var source: String
    public var locator: ReviewLocator
    public var basis: ClaimBasis
    public var fired: Bool
    public var reason: String
}
