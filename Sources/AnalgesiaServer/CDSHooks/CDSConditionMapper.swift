import AnalgesiaAPI
import AnalgesiaKnowledge

/// Maps the patient's FHIR Conditions to covered conditions: only Conditions that count
/// (`ConditionStatus`), of this patient, with codings in a system the knowledge codes with (OID
/// forms mapped by `FHIRCodeSystem`).
enum CDSConditionMapper {
    /// The covered conditions among `resources`, in slug order, each with the coding that matched
    /// (`system|code`) and, for a code broader than the population studied, its caveat. Refused
    /// codes (acute initial encounters, excluded codes) count as not covered. A condition coded
    /// both exactly and broadly keeps the exact coding. A Condition whose subject names another
    /// patient than `patientID` is skipped.
    static func conditions(in resources: [FHIR.Resource], patientID: String? = nil, knowledge: KnowledgeBase) -> [ResolvedCondition] {
        var found: [String: ResolvedCondition] = [:]
        for resource in resources where ConditionStatus(of: resource) == .counted {
            if let patientID, let subject = resource.subject?.reference, !Self.reference(subject, names: patientID) { continue }
            for coding in resource.code?.coding ?? [] {
                guard let system = FHIRCodeSystem.knowledgeSystem(coding.system), let code = coding.code, !code.isEmpty else {
                    continue
                }
                // The one place codes meet the knowledge.
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

    /// Whether a reference (`Patient/123`, or an absolute URL ending so) names patient `id`.
    /// References to something other than a Patient are not judged.
    static func reference(_ reference: String, names id: String) -> Bool {
        let parts = reference.split(separator: "/")
        guard parts.count >= 2, parts[parts.count - 2] == "Patient" else { return true }
        return parts[parts.count - 1] == id
    }
}
