import Foundation

/// How one of the patient's conditions answers an exercise type at a site, and what that rests on.
public struct ConditionResponse: Sendable, Hashable {
    public var condition: String
    public var response: PainResponse
    /// The stated statement's basis (nil for a derived or unknown cell).
    public var evidenceBasis: EvidenceBasis?
    public var stated: Bool
    /// What the response rests on (`inferred` when derived, `not-studied` when unknown).
    public var basis: ClaimBasis
    /// The review's hedge, e.g. "in some patients".
    public var qualifier: String?
    public var locator: ReviewLocator?
    /// The review's reference numbers behind it.
    public var references: [Int]
}
