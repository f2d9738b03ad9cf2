import Foundation

/// Whom the review wrote a rule's source for.
public enum RuleScope: String, Sendable, Hashable {
    /// Patients whose analgesia during exercise is dysfunctional (Table 1 and the practice text
    /// that introduces it). Fired for a patient without such dysfunction, the answer says that it
    /// is extended beyond the review by clinical reasoning.
    case dysfunctionalEA = "dysfunctional-ea"
    /// Chronic pain patients in general.
    case chronicPain = "chronic-pain"
}
