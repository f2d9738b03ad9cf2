import AnalgesiaKnowledge
import Foundation

/// The CDS Hooks services this server offers.
enum CDSService: String, CaseIterable, Sendable {
    case patientView = "exercise-analgesia-patient-view"
    case orderSelect = "exercise-analgesia-order-select"

    var hook: String {
        switch self {
        case .patientView: "patient-view"
        case .orderSelect: "order-select"
        }
    }

    var title: String {
        switch self {
        case .patientView: "Exercise-induced analgesia advice"
        case .orderSelect: "Tailor an exercise-therapy order"
        }
    }

    var description: String {
        switch self {
        case .patientView:
            "Exercise-therapy advice for a patient whose active conditions include one covered by the exercise-analgesia knowledge base (Nijs et al., Pain Physician 2012): whether exercise is expected to relieve pain, how to dose it, and when to grade."
        case .orderSelect:
            "When an exercise-therapy or physiotherapy ServiceRequest (see usageRequirements for the codes) is being ordered for a patient with a covered condition, cards that tailor its dosing to the patient's expected response to exercise."
        }
    }

    /// FHIR queries the EHR should answer in advance.
    static let prefetch = ["conditions": "Condition?patient={{context.patientId}}&clinical-status=active"]

    /// What discovery says the service needs (CDS Hooks `usageRequirements`).
    func usageRequirements(triggers: OrderSelectTriggers) -> String {
        let data =
            "Needs the patient's active Conditions: the 'conditions' prefetch, or fhirServer plus fhirAuthorization "
            + "(scope patient/Condition.read or user/Condition.read) for a FHIR server allowlisted for your issuer in the service's "
            + "trusted-issuers file; without either it answers 412. Conditions count when active (or without clinicalStatus) and "
            + "confirmed (or without verificationStatus); SNOMED CT, ICD-10-CM and ICD-10 codings are read, URI or urn:oid form."
        switch self {
        case .patientView:
            return data
        case .orderSelect:
            return data + " Fires for selected draft ServiceRequests coded with: \(triggers.summary)."
        }
    }
}
