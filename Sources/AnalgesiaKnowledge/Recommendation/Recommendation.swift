import Foundation

/// One piece of advice, traceable to a guideline, a rule, a passage of the review and the evidence.
public struct Recommendation: Sendable, Hashable {
    public var rank: Int
    public var guideline: String
    public var action: ActionKind
    public var text: String
    public var rule: String
    public var findingIDs: [String]
    public var references: [Int]
    /// Where in the review the rule comes from.
    public var locator: ReviewLocator
    /// What the rule rests on.
    public var basis: ClaimBasis
    /// True when the review wrote the rule's source for patients with dysfunctional analgesia and
    /// this patient has none known: the service extends it by clinical reasoning (`note` says so).
    public var extendedBeyondReview: Bool
    public var note: String?
}
