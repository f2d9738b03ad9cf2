import AnalgesiaAPI
import AnalgesiaKnowledge

/// Answers a CDS Hooks call with cards: checks what the typed decoder could not, finds the
/// selected exercise orders (order-select), gets the patient's Conditions (`ProblemListLoader`),
/// maps them to covered conditions (`CDSConditionMapper`), runs the rules and builds the cards.
/// The handler only hands it the decoded request and the caller.
struct CDSHookResponder: Sendable {
    let links: CDSLinkBuilder
    let triggers: OrderSelectTriggers
    let problemLists: ProblemListLoader

    func cards(
        for request: Components.Schemas.CDSHookRequest,
        service: CDSService,
        client: CDSClientIdentity?,
        served: ServedKnowledge
    ) async throws -> [Components.Schemas.CDSCard] {
        try Self.check(request, service: service)
        var orders: [FHIR.DraftOrder] = []
        if service == .orderSelect {
            guard let selections = request.context.selections, let draftOrders = request.context.draftOrders else {
                throw ProblemError.invalidParameter(
                    "context",
                    in: .body,
                    reason: "must carry 'selections' and 'draftOrders' (a FHIR Bundle) for order-select."
                )
            }
            orders = triggers.selectedExerciseOrders(selections: selections, draftOrders: draftOrders.entry?.compactMap(\.resource) ?? [])
            // Nothing to tailor: no need for the patient's Conditions either.
            if orders.isEmpty { return [] }
        }
        let problemList = try await problemLists.load(request, client: client)
        let conditions = CDSConditionMapper.conditions(
            in: problemList.resources,
            patientID: request.context.patientId,
            knowledge: served.knowledge
        )
        let builder = CDSCardBuilder(knowledge: served.knowledge, links: links)
        var cards: [Components.Schemas.CDSCard] = []
        if !conditions.isEmpty {
            switch service {
            case .patientView:
                let advice = served.advise(PatientProfile(conditionSlugs: conditions.map(\.condition.slug)))
                cards.append(builder.adviceCard(advice, conditions: conditions))
            case .orderSelect:
                let advice = served.advise(PatientProfile(conditionSlugs: conditions.map(\.condition.slug), phase: .initiation))
                for order in orders {
                    cards.append(builder.orderCard(advice, conditions: conditions, order: order))
                }
            }
        }
        if let reason = problemList.incompleteBecause {
            cards.append(builder.incompleteProblemListCard(reason: reason, considered: problemList.resources.count, origin: problemList.origin))
        }
        return cards
    }

    /// The bounds openapi.yaml declares that the generated decoder does not check (the hook
    /// call's body is not walked against its schema: it may be megabytes of FHIR).
    static func check(_ request: Components.Schemas.CDSHookRequest, service: CDSService) throws {
        guard request.hook == service.hook else {
            throw ProblemError.invalidParameter(
                "hook",
                in: .body,
                reason: "is '\(request.hook.prefix(60))', but service \(service.rawValue) answers '\(service.hook)'.",
                allowed: [service.hook]
            )
        }
        guard (1...200).contains(request.hookInstance.count) else {
            throw ProblemError.invalidParameter("hookInstance", in: .body, reason: "must be 1 to 200 characters long; got \(request.hookInstance.count).")
        }
        if let server = request.fhirServer, server.count > 2000 {
            throw ProblemError.invalidParameter("fhirServer", in: .body, reason: "must be at most 2000 characters long; got \(server.count).")
        }
    }
}
