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
            "When an exercise-therapy ServiceRequest (SNOMED CT 229065009) is being ordered for a patient with a covered condition, cards that tailor its dosing to the patient's expected response to exercise."
        }
    }

    /// FHIR queries the EHR should answer in advance.
    static let prefetch = ["conditions": "Condition?patient={{context.patientId}}&clinical-status=active"]

    /// SNOMED CT "Exercise therapy (regime/therapy)".
    static let exerciseTherapyCode = "229065009"
}

/// Just enough of FHIR R4 to read Conditions and ServiceRequests.
enum FHIR {
    struct Coding: Decodable, Sendable {
        var system: String?
        var code: String?
        var display: String?
    }

    struct CodeableConcept: Decodable, Sendable {
        var coding: [Coding]?
        var text: String?
    }

    struct Resource: Decodable, Sendable {
        var resourceType: String
        var id: String?
        var code: CodeableConcept?
        var clinicalStatus: CodeableConcept?
        var verificationStatus: CodeableConcept?

        /// A Condition counts unless its status says it is not current or not real.
        var isCurrentCondition: Bool {
            guard resourceType == "Condition" else { return false }
            let clinical = clinicalStatus?.coding?.compactMap(\.code) ?? []
            let verification = verificationStatus?.coding?.compactMap(\.code) ?? []
            if !clinical.isEmpty, clinical.allSatisfy({ !["active", "recurrence", "relapse"].contains($0) }) { return false }
            return !verification.contains { ["refuted", "entered-in-error"].contains($0) }
        }
    }

    struct Bundle: Decodable, Sendable {
        struct Entry: Decodable, Sendable {
            var resource: Resource?
        }

        var resourceType: String
        var entry: [Entry]?

        var resources: [Resource] { entry?.compactMap(\.resource) ?? [] }
    }
}

/// Maps FHIR codings to covered conditions.
enum CDSConditionMapper {
    /// The covered conditions among `resources` (current Conditions only), each with the coding
    /// that matched and, for a code broader than the population studied, its caveat. Refused
    /// codes (acute initial encounters, excluded codes) count as not covered. A condition coded
    /// both exactly and broadly keeps the exact coding.
    static func conditions(in resources: [FHIR.Resource], knowledge: KnowledgeBase) -> [ResolvedCondition] {
        var found: [String: ResolvedCondition] = [:]
        for resource in resources where resource.isCurrentCondition {
            for coding in resource.code?.coding ?? [] {
                guard let system = coding.system.flatMap(CodeSystem.init(rawValue:)), let code = coding.code, !code.isEmpty else {
                    continue
                }
                guard case .covered(let condition, let row) = knowledge.lookUp(system: system, code: code) else { continue }
                if let known = found[condition.slug], known.scope == .exact || row.scope != .exact { continue }
                found[condition.slug] = ResolvedCondition(
                    input: "\(system.rawValue)|\(code)",
                    condition: condition,
                    matchedBy: .code,
                    scope: row.scope,
                    caveat: row.caveat
                )
            }
        }
        return found.values.sorted { $0.condition.slug < $1.condition.slug }
    }
}
