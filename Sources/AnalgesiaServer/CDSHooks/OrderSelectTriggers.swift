import AnalgesiaAPI
import Foundation

/// The order codes that make the order-select service answer, read from the data table
/// `Resources/order-select-triggers.json` compiled into the binary. A selected draft
/// ServiceRequest with a coding in the table (system compared after OID mapping, code exactly)
/// gets a tailoring card; discovery lists the table in `usageRequirements`.
struct OrderSelectTriggers: Sendable {
    struct Trigger: Codable, Sendable, Hashable {
        var system: String
        var code: String
        var display: String
        /// Why the code is in the table.
        var why: String
    }

    let triggers: [Trigger]
    private let keys: Set<String>

    init(triggers: [Trigger]) {
        self.triggers = triggers
        keys = Set(triggers.map { "\($0.system)|\($0.code)" })
    }

    /// The table compiled into the binary (a test checks it decodes and is not empty).
    static func bundled() throws -> OrderSelectTriggers {
        struct File: Decodable { var triggers: [Trigger] }
        return OrderSelectTriggers(triggers: try JSONDecoder().decode(File.self, from: Data(PackageResources.order_select_triggers_json)).triggers)
    }

    /// Whether a draft order's coding is a trigger.
    func matches(_ coding: FHIR.OrderCoding) -> Bool {
        guard let system = coding.system, let code = coding.code else { return false }
        return keys.contains("\(FHIRCodeSystem.canonical(system))|\(code.trimmingCharacters(in: .whitespaces))")
    }

    /// The draft orders the clinician just selected that order exercise therapy: ServiceRequests
    /// named in `selections` (as `ServiceRequest/id`) whose code has a trigger coding.
    func selectedExerciseOrders(selections: [String], draftOrders: [FHIR.DraftOrder]) -> [FHIR.DraftOrder] {
        let selected = Set(selections)
        return draftOrders.filter { order in
            guard order.resourceType == "ServiceRequest", let id = order.id, selected.contains("ServiceRequest/\(id)") else {
                return false
            }
            return order.code?.coding?.contains(where: matches) ?? false
        }
    }

    /// For discovery: "SNOMED CT 229065009 (Exercise therapy …), …".
    var summary: String {
        triggers.map { trigger in
            let name =
                switch trigger.system {
                case "http://snomed.info/sct": "SNOMED CT"
                case FHIRCodeSystem.cpt: "CPT"
                default: trigger.system
                }
            return "\(name) \(trigger.code) (\(trigger.display))"
        }.joined(separator: "; ")
    }
}
