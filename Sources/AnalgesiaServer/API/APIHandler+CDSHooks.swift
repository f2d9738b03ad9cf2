import AnalgesiaAPI
import AnalgesiaKnowledge
import Foundation
import HTTPTypes

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
                                prefetch: .init(additionalProperties: CDSService.prefetch),
                                usageRequirements: service.usageRequirements(triggers: cds.triggers)
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
        let served = try store.require()
        let cards = try await cds.cards(for: request, service: service, client: CDSClientIdentity.current, served: served)
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
}
