import Foundation

/// The acute response to expect from one exercise type at one site, across all the patient's
/// conditions: the least favourable wins, so dysfunction dominates.
public struct ExpectedResponse: Sendable, Hashable {
    public var exerciseType: ExerciseType
    public var site: Site
    public var response: PainResponse
    /// The strongest basis among the conditions that give `response` (each condition's own basis
    /// is in `conditions`).
    public var basis: ClaimBasis
    public var conditions: [ConditionResponse]
    public var findingIDs: [String]
    /// Names each condition's response with its basis and hedge, and ends with
    /// `KnowledgeBase.acuteOnlyNote`.
    public var rationale: String
}
