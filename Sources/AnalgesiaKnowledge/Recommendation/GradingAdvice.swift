import Foundation

/// The grading decision, the rule that made it and the passage of the review it rests on.
public struct GradingAdvice: Sendable, Hashable {
    public var decision: GradingDecision
    public var rule: String
    public var reason: String
    public var locator: ReviewLocator
    public var basis: ClaimBasis
    /// True when the rule's source was written for patients with dysfunctional analgesia and this
    /// patient has none known (`note` says so).
    public var extendedBeyondReview: Bool
    public var note: String?
}
