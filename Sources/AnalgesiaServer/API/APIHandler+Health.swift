import AnalgesiaAPI
import Foundation
import HTTPTypes
import Logging
import OpenAPIRuntime
import Prometheus

extension APIHandler {
    func getLiveness(_ input: Operations.GetLiveness.Input) async throws -> Operations.GetLiveness.Output {
        .ok(.init(body: .json(.init(status: .ok))))
    }

    func getReadiness(_ input: Operations.GetReadiness.Input) async throws -> Operations.GetReadiness.Output {
        let ready: Bool
        do {
            ready = try await repository.isReady()
        } catch {
            logger.warning("Readiness check failed", metadata: ["error": "\(error)"])
            let reason = (error as? PersistenceError).map { " (\($0))" } ?? ""
            return .serviceUnavailable(
                .init(
                    body: .applicationProblemJson(
                        problem(
                            .notReady(
                                "Check 'database' failed: the database did not answer\(reason). Reads are still served from memory; writes answer 503 until it returns."
                            )
                        )
                    )
                )
            )
        }
        guard ready else {
            return .serviceUnavailable(
                .init(body: .applicationProblemJson(problem(.notReady("Check 'migrations' failed: database migrations are not all applied."))))
            )
        }
        guard let served = store.current else {
            return .serviceUnavailable(
                .init(body: .applicationProblemJson(problem(.notReady("Check 'knowledge' failed: the knowledge base is still loading."))))
            )
        }
        return .ok(
            .init(
                body: .json(
                    .init(
                        status: .ready,
                        checks: .init(database: .ok, migrations: .ok, knowledge: .ok),
                        knowledgeBaseVersion: served.version
                    )
                )
            )
        )
    }

    func getOpenAPIDocument(_ input: Operations.GetOpenAPIDocument.Input) async throws -> Operations.GetOpenAPIDocument.Output {
        .ok(.init(body: .yaml(HTTPBody(contract.document))))
    }

    func getKnowledgeBase(_ input: Operations.GetKnowledgeBase.Input) async throws -> Operations.GetKnowledgeBase.Output {
        let served = try store.require()
        let item = served.knowledgeBase
        return Self.conditional(item, served: served, ifNoneMatch: input.headers.ifNoneMatch)
    }

    /// A declared problem body (the generated schema type).
    func problem(_ error: ProblemError) -> Components.Schemas.Problem {
        .init(
            _type: error.type,
            title: error.title,
            status: Int(error.status.code),
            detail: error.detail,
            invalidParams: error.invalidParams.isEmpty ? nil : error.invalidParams,
            suggestions: error.suggestions.isEmpty ? nil : error.suggestions
        )
    }
}

extension APIHandler {
    func getMetrics(_ input: Operations.GetMetrics.Input) async throws -> Operations.GetMetrics.Output {
        if let served = store.current { metrics.knowledgeBaseServed(version: served.version) }
        return .ok(.init(body: .plainText(HTTPBody(metrics.registry.emitToBuffer()))))
    }
}
