import Foundation

/// One rule: when its predicate holds it gives recommendations (or, for a grading rule, a
/// decision; for a research rule, research hypotheses that are never advice).
public struct Rule: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case recommendation
        case grading
        case research
    }

    public var id: String
    public var kind: Kind
    public var title: String
    /// Where in the review the rule comes from, in words (the locator is the machine-readable part).
    public var source: String
    /// The passage of the review the rule rests on first.
    public var locator: ReviewLocator
    /// What the rule rests on.
    public var basis: ClaimBasis
    /// Whom the review wrote the rule's source for.
    public var scope: RuleScope
    public var when: Predicate
    public var recommendations: [RecommendationTemplate]
    public var decision: GradingDecision?

    public init(
        id: String,
        kind: Kind = .recommendation,
        title: String,
        source: String,
        locator: ReviewLocator,
        basis: ClaimBasis = .clinicalReasoning,
        scope: RuleScope,
        when: Predicate,
        recommendations: [RecommendationTemplate] = [],
        decision: GradingDecision? = nil
    ) {
        self.id = id
        self.kind = kind
        self.title = title
        self.source = source
        self.locator = locator
        self.basis = basis
        self.scope = scope
        self.when = when
        self.recommendations = recommendations
        self.decision = decision
    }
}
