import AnalgesiaAPI
/// Whether a FHIR Condition counts as one of the patient's current, confirmed problems.
///
/// - `clinicalStatus` active, recurrence or relapse counts; inactive, remission and resolved do
///   not. A Condition without a clinicalStatus counts: FHIR R4 requires one on every Condition
///   that is not entered-in-error, and the prefetch asks the EHR for active Conditions only, so
///   an EHR that leaves it out is answering that query.
/// - `verificationStatus` confirmed, or none at all, counts. Unconfirmed, provisional and
///   differential diagnoses do not: advice written for a condition must not fire on a
///   possibility (a differential of fibromyalgia gave a warning card as if confirmed). Refuted and
///   entered-in-error never count.
/// - Codes are compared as sent in `code` (with OID systems mapped); status codes are read
///   whatever their `system`, since the FHIR value sets define them and EHRs vary in spelling it.
enum ConditionStatus: Equatable, Sendable {
    case counted
    /// clinicalStatus inactive, remission or resolved (or an unknown one).
    case notCurrent
    /// verificationStatus unconfirmed, provisional or differential.
    case notConfirmed
    /// verificationStatus refuted or entered-in-error.
    case notReal
    /// Not a Condition.
    case notACondition

    static let currentClinicalStatuses: Set<String> = ["active", "recurrence", "relapse"]
    static let confirmedVerificationStatuses: Set<String> = ["confirmed"]
    static let unrealVerificationStatuses: Set<String> = ["refuted", "entered-in-error"]

    init(of resource: FHIR.Resource) {
        guard resource.resourceType == "Condition" else {
            self = .notACondition
            return
        }
        let verification = Set(resource.verificationStatus?.coding?.compactMap { $0.code?.lowercased() } ?? [])
        if !verification.isDisjoint(with: Self.unrealVerificationStatuses) {
            self = .notReal
            return
        }
        if !verification.isEmpty, verification.isDisjoint(with: Self.confirmedVerificationStatuses) {
            // Unconfirmed, provisional, differential, or a code outside the value set: not confirmed.
            self = .notConfirmed
            return
        }
        let clinical = Set(resource.clinicalStatus?.coding?.compactMap { $0.code?.lowercased() } ?? [])
        if !clinical.isEmpty, clinical.isDisjoint(with: Self.currentClinicalStatuses) {
            self = .notCurrent
            return
        }
        self = .counted
    }
}
