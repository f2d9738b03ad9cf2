import Foundation

/// The engine's answer for one patient.
public struct Advice: Sendable, Hashable {
    public var ruleSetVersion: String
    public var knowledgeBaseVersion: String
    /// True when some condition is known to lack analgesia during some exercise (at some site).
    public var dysfunctionalEA: Bool
    /// Where the dysfunction applies: wherever the body works, or only in the painful region.
    public var dysfunctionScope: DysfunctionScope
    /// The conditions (slugs) that give the dysfunction its scope.
    public var dysfunctionConditions: [String]
    /// What a clinician must know about the patient's conditions beyond the review ("Name: caution").
    public var cautions: [String]
    public var expectedResponses: [ExpectedResponse]
    public var grading: GradingAdvice
    public var recommendations: [Recommendation]
    public var researchHypotheses: [ResearchNote]
    public var trace: [TraceEntry]

    public static let disclaimer =
        "Decision support for clinicians, drawn from one narrative review (Nijs et al., Pain Physician 2012); it does not replace clinical judgement."
}
