import AnalgesiaAPI
import AnalgesiaKnowledge
import Foundation
import HTTPTypes
import OpenAPIRuntime

extension APIHandler {
    func discoverCDSServices(_ input: Operations.DiscoverCDSServices.Input) async throws -> Operations.DiscoverCDSServices.Output {
        .ok(
            .init(
                body: .json(
                    .init(
                        services: CDSService.allCases.map { service in
                            .init(
                                hook: service.hook,
                                id: service.rawValue,
                                title: service.title,
                                description: service.description,
                                prefetch: .init(additionalProperties: CDSService.prefetch)
                            )
                        }
                    )
                )
            )
        )
    }

    func callCDSService(_ input: Operations.CallCDSService.Input) async throws -> Operations.CallCDSService.Output {
        let service = try Self.cdsService(input.path.id)
        guard case .json(let request) = input.body else { throw Self.jsonRequired }
        guard request.hook == service.hook else {
            throw ProblemError.invalidParameter(
                "hook",
                in: .body,
                reason: "is '\(request.hook.prefix(60))', but service \(service.rawValue) answers '\(service.hook)'.",
                allowed: [service.hook]
            )
        }
        let prefetch = try request.prefetch.map { try Self.jsonObject($0.additionalProperties) } ?? [:]
        guard let raw = prefetch["conditions"], !((raw as? [String: Any])?["resourceType"] as? String == "OperationOutcome") else {
            throw ProblemError(
                status: .preconditionFailed,
                type: "/problems/prefetch-required",
                title: "Prefetch required",
                detail:
                    "The request has no usable 'conditions' prefetch (\(CDSService.prefetch["conditions"] ?? "")); this service does not query the FHIR server itself, so it cannot get the patient's conditions."
            )
        }
        var resources: [FHIR.Resource] = []
        if !(raw is NSNull) {
            do {
                let bundle = try JSONDecoder().decode(FHIR.Bundle.self, from: JSONSerialization.data(withJSONObject: raw))
                guard bundle.resourceType == "Bundle" else { throw CDSAuthError("not a Bundle") }
                resources = bundle.resources
            } catch {
                throw ProblemError.invalidParameter("prefetch.conditions", in: .body, reason: "must be a FHIR Bundle of Condition resources.")
            }
        }

        let served = try store.require()
        let matches = CDSConditionMapper.conditions(in: resources, knowledge: served.knowledge)
        let conditions = matches.map(\.0)
        let builder = CDSCardBuilder(knowledge: served.knowledge, publicURL: cdsPublicURL)
        var cards: [Components.Schemas.CDSCard] = []
        if !conditions.isEmpty {
            switch service {
            case .patientView:
                let advice = served.engine.advise(PatientProfile(conditionSlugs: conditions.map(\.slug)))
                cards.append(builder.adviceCard(advice, conditions: conditions))
            case .orderSelect:
                for order in try Self.selectedExerciseOrders(request.context.additionalProperties) {
                    let advice = served.engine.advise(PatientProfile(conditionSlugs: conditions.map(\.slug), phase: .initiation))
                    cards.append(try builder.orderCard(advice, conditions: conditions, order: order))
                }
            }
        }
        return .ok(.init(headers: .init(knowledgeBaseVersion: served.version), body: .json(.init(cards: cards))))
    }

    func sendCDSFeedback(_ input: Operations.SendCDSFeedback.Input) async throws -> Operations.SendCDSFeedback.Output {
        let service = try Self.cdsService(input.path.id)
        guard case .json(let request) = input.body else { throw Self.jsonRequired }
        try Self.checkArray("feedback", request.feedback.map(\.card), contract.operation("sendCDSFeedback"))
        let entries = try request.feedback.enumerated().map { index, item in
            guard RFC3339.date(from: item.outcomeTimestamp) != nil else {
                throw ProblemError.invalidParameter(
                    "feedback[\(index)].outcomeTimestamp",
                    in: .body,
                    reason: "must be an RFC 3339 date-time such as 2026-11-24T10:15:00Z, 2026-11-24T10:15:00.123Z or 2026-11-24T11:15:00+01:00."
                )
            }
            if item.outcome == .accepted, item.acceptedSuggestions?.isEmpty ?? true {
                throw ProblemError.invalidParameter(
                    "feedback[\(index)].acceptedSuggestions",
                    in: .body,
                    reason: "is required when the outcome is accepted."
                )
            }
            return CDSFeedbackEntry(
                serviceID: service.rawValue,
                cardUUID: item.card,
                outcome: item.outcome.rawValue,
                acceptedSuggestions: item.acceptedSuggestions?.map(\.id) ?? [],
                overrideReasonSystem: item.overrideReason?.reason?.system,
                overrideReasonCode: item.overrideReason?.reason?.code,
                overrideReasonDisplay: item.overrideReason?.reason?.display,
                userComment: item.overrideReason?.userComment,
                outcomeTimestamp: item.outcomeTimestamp
            )
        }
        let stored = try await feedback.store(entries, receivedAt: Date())
        for entry in entries { metrics.feedback(service: entry.serviceID, outcome: entry.outcome) }
        return .ok(.init(body: .json(.init(stored: stored))))
    }

    static var jsonRequired: ProblemError {
        ProblemError(
            status: .unsupportedMediaType,
            type: "/problems/unsupported-media-type",
            title: "Unsupported media type",
            detail: "Send the request as application/json."
        )
    }

    static func cdsService(_ id: String) throws -> CDSService {
        guard let service = CDSService(rawValue: id) else {
            throw ProblemError.notFound(
                "No CDS service has the id '\(id)'. Discovery at /cds-services lists \(CDSService.allCases.map(\.rawValue).joined(separator: ", ")).",
                suggestions: CDSService.allCases.map(\.rawValue)
            )
        }
        return service
    }

    /// A free-form JSON object from the generated types, as Foundation values.
    static func jsonObject(_ container: OpenAPIObjectContainer) throws -> [String: Any] {
        (try JSONSerialization.jsonObject(with: JSONEncoder().encode(container)) as? [String: Any]) ?? [:]
    }

    /// The draft ServiceRequests in `context.draftOrders` that `context.selections` names and
    /// that order exercise therapy (SNOMED CT 229065009), as raw JSON objects.
    static func selectedExerciseOrders(_ context: OpenAPIObjectContainer) throws -> [[String: Any]] {
        let object = try jsonObject(context)
        guard let selections = object["selections"] as? [String], let draftOrders = object["draftOrders"] as? [String: Any] else {
            throw ProblemError.invalidParameter(
                "context",
                in: .body,
                reason: "must carry 'selections' and 'draftOrders' (a FHIR Bundle) for order-select."
            )
        }
        let entries = (draftOrders["entry"] as? [[String: Any]]) ?? []
        return entries.compactMap { $0["resource"] as? [String: Any] }.filter { resource in
            guard let type = resource["resourceType"] as? String, let id = resource["id"] as? String,
                selections.contains("\(type)/\(id)"), type == "ServiceRequest"
            else { return false }
            let codings = ((resource["code"] as? [String: Any])?["coding"] as? [[String: Any]]) ?? []
            return codings.contains {
                $0["system"] as? String == CodeSystem.snomedCT.rawValue && $0["code"] as? String == CDSService.exerciseTherapyCode
            }
        }
    }
}
