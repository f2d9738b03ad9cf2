import Foundation

/// A recommendation a rule produces. `{conditions}`, `{painfulRegions}` and `{factors}` in the
/// text are filled from the patient.
public struct RecommendationTemplate: Sendable, Hashable {
    /// Which findings a recommendation cites.
    public enum Evidence: Sendable, Hashable {
        /// The guideline's findings and those that made the rule fire.
        case guidelineAndMatches
        /// Only the findings that made the rule fire (for claims about the patient's conditions).
        case matchesOnly
    }

    public var guideline: String
    public var action: ActionKind
    public var text: String
    public var evidence: Evidence

    public init(guideline: String, action: ActionKind, text: String, evidence: Evidence = .guidelineAndMatches) {
        self.guideline = guideline
        self.action = action
        self.text = text
        self.evidence = evidence
    }
}
