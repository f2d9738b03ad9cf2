import AnalgesiaAPI
import AnalgesiaKnowledge
import Foundation
import Logging
import OpenAPIRuntime

// Curated writes, history, export and import. Each operation hands the write to `CurationStore`
// and answers with the item as the new snapshot serves it.

extension APIHandler {
    /// The principal `AuthorizationMiddleware` verified; every write operation requires one.
    func principal() throws -> Principal {
        guard let principal = Principal.current else {
            throw ProblemError.unauthorized("This operation needs an API key.", error: nil)
        }
        return principal
    }

    func curatedWrite(
        _ kind: ItemKind,
        key: String,
        _ operation: WriteOperation,
        body: (some Encodable)?,
        ifMatch: String? = nil,
        idempotencyKey: String? = nil
    ) async throws -> WriteOutcome {
        try await curation.write(
            WriteRequest(
                kind: kind,
                key: key,
                operation: operation,
                body: try body.map { try JSONValue(encoding: $0) },
                ifMatch: ifMatch,
                idempotencyKey: idempotencyKey,
                principal: try principal()
            )
        )
    }

    /// The written item as served after `outcome` (or as first answered, for a replay).
    func written<Value: Codable & Sendable>(
        _ outcome: WriteOutcome,
        _ lookup: (ServedKnowledge) -> Served<Value>?
    ) throws -> (value: Value, etag: String, version: String) {
        if let replay = outcome.replay {
            return (try replay.body.decode(as: Value.self), replay.etag ?? "", replay.knowledgeBaseVersion)
        }
        guard let item = lookup(outcome.served) else { throw ProblemError.internalError() }
        return (item.value, item.etag, outcome.served.version)
    }

    func history(_ kind: ItemKind, _ key: String) async throws -> (Components.Schemas.History, version: String) {
        let served = try store.require()
        guard let found = try await curation.history(kind, key) else {
            throw ProblemError.notFound("No \(kind.rawValue) has ever had the \(kind.keyField) '\(key)'.")
        }
        let entries = try found.entries.map { entry in
            Components.Schemas.HistoryEntry(
                version: entry.version,
                operation: .init(rawValue: entry.operation) ?? .replace,
                at: entry.at,
                keyId: entry.keyID,
                knowledgeBaseVersion: entry.knowledgeBaseVersion,
                before: try entry.before.map { try $0.decode(as: Components.Schemas.MergePatch.self) },
                after: try entry.after.map { try $0.decode(as: Components.Schemas.MergePatch.self) }
            )
        }
        return (.init(kind: wire(kind), key: key, deleted: found.deleted, data: entries), served.version)
    }

    // MARK: Conditions

    func createCondition(_ input: Operations.CreateCondition.Input) async throws -> Operations.CreateCondition.Output {
        guard case .json(let body) = input.body else { throw ProblemError.internalError() }
        let outcome = try await curatedWrite(.condition, key: body.slug, .create, body: body, idempotencyKey: input.headers.idempotencyKey)
        let item = try written(outcome) { $0.conditions[body.slug] }
        return .created(
            .init(
                headers: .init(eTag: item.etag, knowledgeBaseVersion: item.version, location: "/v1/conditions/\(body.slug)"),
                body: .json(item.value)
            )
        )
    }

    func replaceCondition(_ input: Operations.ReplaceCondition.Input) async throws -> Operations.ReplaceCondition.Output {
        guard case .json(let body) = input.body else { throw ProblemError.internalError() }
        let key = input.path.slug
        let outcome = try await curatedWrite(.condition, key: key, .replace, body: body, ifMatch: input.headers.ifMatch)
        let item = try written(outcome) { $0.conditions[key] }
        return .ok(.init(headers: .init(eTag: item.etag, knowledgeBaseVersion: item.version), body: .json(item.value)))
    }

    func patchCondition(_ input: Operations.PatchCondition.Input) async throws -> Operations.PatchCondition.Output {
        guard case .applicationMergePatchJson(let body) = input.body else { throw ProblemError.internalError() }
        let key = input.path.slug
        let outcome = try await curatedWrite(.condition, key: key, .patch, body: body, ifMatch: input.headers.ifMatch)
        let item = try written(outcome) { $0.conditions[key] }
        return .ok(.init(headers: .init(eTag: item.etag, knowledgeBaseVersion: item.version), body: .json(item.value)))
    }

    func deleteCondition(_ input: Operations.DeleteCondition.Input) async throws -> Operations.DeleteCondition.Output {
        let outcome = try await curatedWrite(
            .condition,
            key: input.path.slug,
            .delete,
            body: JSONValue?.none,
            ifMatch: input.headers.ifMatch
        )
        return .noContent(.init(headers: .init(knowledgeBaseVersion: outcome.served.version)))
    }

    func getConditionHistory(_ input: Operations.GetConditionHistory.Input) async throws -> Operations.GetConditionHistory.Output {
        let (history, version) = try await history(.condition, input.path.slug)
        return .ok(.init(headers: .init(knowledgeBaseVersion: version), body: .json(history)))
    }

    // MARK: Mechanisms

    func createMechanism(_ input: Operations.CreateMechanism.Input) async throws -> Operations.CreateMechanism.Output {
        guard case .json(let body) = input.body else { throw ProblemError.internalError() }
        let outcome = try await curatedWrite(.mechanism, key: body.slug, .create, body: body, idempotencyKey: input.headers.idempotencyKey)
        let item = try written(outcome) { $0.mechanisms[body.slug] }
        return .created(
            .init(
                headers: .init(eTag: item.etag, knowledgeBaseVersion: item.version, location: "/v1/mechanisms/\(body.slug)"),
                body: .json(item.value)
            )
        )
    }

    func replaceMechanism(_ input: Operations.ReplaceMechanism.Input) async throws -> Operations.ReplaceMechanism.Output {
        guard case .json(let body) = input.body else { throw ProblemError.internalError() }
        let key = input.path.slug
        let outcome = try await curatedWrite(.mechanism, key: key, .replace, body: body, ifMatch: input.headers.ifMatch)
        let item = try written(outcome) { $0.mechanisms[key] }
        return .ok(.init(headers: .init(eTag: item.etag, knowledgeBaseVersion: item.version), body: .json(item.value)))
    }

    func patchMechanism(_ input: Operations.PatchMechanism.Input) async throws -> Operations.PatchMechanism.Output {
        guard case .applicationMergePatchJson(let body) = input.body else { throw ProblemError.internalError() }
        let key = input.path.slug
        let outcome = try await curatedWrite(.mechanism, key: key, .patch, body: body, ifMatch: input.headers.ifMatch)
        let item = try written(outcome) { $0.mechanisms[key] }
        return .ok(.init(headers: .init(eTag: item.etag, knowledgeBaseVersion: item.version), body: .json(item.value)))
    }

    func deleteMechanism(_ input: Operations.DeleteMechanism.Input) async throws -> Operations.DeleteMechanism.Output {
        let outcome = try await curatedWrite(
            .mechanism,
            key: input.path.slug,
            .delete,
            body: JSONValue?.none,
            ifMatch: input.headers.ifMatch
        )
        return .noContent(.init(headers: .init(knowledgeBaseVersion: outcome.served.version)))
    }

    func getMechanismHistory(_ input: Operations.GetMechanismHistory.Input) async throws -> Operations.GetMechanismHistory.Output {
        let (history, version) = try await history(.mechanism, input.path.slug)
        return .ok(.init(headers: .init(knowledgeBaseVersion: version), body: .json(history)))
    }

    // MARK: Findings

    func createFinding(_ input: Operations.CreateFinding.Input) async throws -> Operations.CreateFinding.Output {
        guard case .json(let body) = input.body else { throw ProblemError.internalError() }
        let outcome = try await curatedWrite(.finding, key: body.id, .create, body: body, idempotencyKey: input.headers.idempotencyKey)
        let item = try written(outcome) { $0.findings[body.id] }
        return .created(
            .init(
                headers: .init(eTag: item.etag, knowledgeBaseVersion: item.version, location: "/v1/findings/\(body.id)"),
                body: .json(item.value)
            )
        )
    }

    func replaceFinding(_ input: Operations.ReplaceFinding.Input) async throws -> Operations.ReplaceFinding.Output {
        guard case .json(let body) = input.body else { throw ProblemError.internalError() }
        let key = input.path.id
        let outcome = try await curatedWrite(.finding, key: key, .replace, body: body, ifMatch: input.headers.ifMatch)
        let item = try written(outcome) { $0.findings[key] }
        return .ok(.init(headers: .init(eTag: item.etag, knowledgeBaseVersion: item.version), body: .json(item.value)))
    }

    func patchFinding(_ input: Operations.PatchFinding.Input) async throws -> Operations.PatchFinding.Output {
        guard case .applicationMergePatchJson(let body) = input.body else { throw ProblemError.internalError() }
        let key = input.path.id
        let outcome = try await curatedWrite(.finding, key: key, .patch, body: body, ifMatch: input.headers.ifMatch)
        let item = try written(outcome) { $0.findings[key] }
        return .ok(.init(headers: .init(eTag: item.etag, knowledgeBaseVersion: item.version), body: .json(item.value)))
    }

    func deleteFinding(_ input: Operations.DeleteFinding.Input) async throws -> Operations.DeleteFinding.Output {
        let outcome = try await curatedWrite(.finding, key: input.path.id, .delete, body: JSONValue?.none, ifMatch: input.headers.ifMatch)
        return .noContent(.init(headers: .init(knowledgeBaseVersion: outcome.served.version)))
    }

    func getFindingHistory(_ input: Operations.GetFindingHistory.Input) async throws -> Operations.GetFindingHistory.Output {
        let (history, version) = try await history(.finding, input.path.id)
        return .ok(.init(headers: .init(knowledgeBaseVersion: version), body: .json(history)))
    }

    // MARK: Guidelines

    func createGuideline(_ input: Operations.CreateGuideline.Input) async throws -> Operations.CreateGuideline.Output {
        guard case .json(let body) = input.body else { throw ProblemError.internalError() }
        let outcome = try await curatedWrite(.guideline, key: body.slug, .create, body: body, idempotencyKey: input.headers.idempotencyKey)
        let item = try written(outcome) { $0.guidelines[body.slug] }
        return .created(
            .init(
                headers: .init(eTag: item.etag, knowledgeBaseVersion: item.version, location: "/v1/guidelines/\(body.slug)"),
                body: .json(item.value)
            )
        )
    }

    func replaceGuideline(_ input: Operations.ReplaceGuideline.Input) async throws -> Operations.ReplaceGuideline.Output {
        guard case .json(let body) = input.body else { throw ProblemError.internalError() }
        let key = input.path.slug
        let outcome = try await curatedWrite(.guideline, key: key, .replace, body: body, ifMatch: input.headers.ifMatch)
        let item = try written(outcome) { $0.guidelines[key] }
        return .ok(.init(headers: .init(eTag: item.etag, knowledgeBaseVersion: item.version), body: .json(item.value)))
    }

    func patchGuideline(_ input: Operations.PatchGuideline.Input) async throws -> Operations.PatchGuideline.Output {
        guard case .applicationMergePatchJson(let body) = input.body else { throw ProblemError.internalError() }
        let key = input.path.slug
        let outcome = try await curatedWrite(.guideline, key: key, .patch, body: body, ifMatch: input.headers.ifMatch)
        let item = try written(outcome) { $0.guidelines[key] }
        return .ok(.init(headers: .init(eTag: item.etag, knowledgeBaseVersion: item.version), body: .json(item.value)))
    }

    func deleteGuideline(_ input: Operations.DeleteGuideline.Input) async throws -> Operations.DeleteGuideline.Output {
        let outcome = try await curatedWrite(
            .guideline,
            key: input.path.slug,
            .delete,
            body: JSONValue?.none,
            ifMatch: input.headers.ifMatch
        )
        return .noContent(.init(headers: .init(knowledgeBaseVersion: outcome.served.version)))
    }

    func getGuidelineHistory(_ input: Operations.GetGuidelineHistory.Input) async throws -> Operations.GetGuidelineHistory.Output {
        let (history, version) = try await history(.guideline, input.path.slug)
        return .ok(.init(headers: .init(knowledgeBaseVersion: version), body: .json(history)))
    }

    // MARK: Export and import

    func exportKnowledge(_ input: Operations.ExportKnowledge.Input) async throws -> Operations.ExportKnowledge.Output {
        let served = try store.require()
        let body = HTTPBody(KnowledgeTransfer.exportStream(served), length: .unknown, iterationBehavior: .single)
        return .ok(.init(headers: .init(knowledgeBaseVersion: served.version), body: .applicationXNdjson(body)))
    }

    func importKnowledge(_ input: Operations.ImportKnowledge.Input) async throws -> Operations.ImportKnowledge.Output {
        guard case .applicationXNdjson(let body) = input.body else { throw ProblemError.internalError() }
        let data = try await Data(collecting: body, upTo: KnowledgeTransfer.maxImportBytes)
        let result = try await KnowledgeTransfer(curation: curation).importNDJSON(data, principal: try principal())
        return .ok(
            .init(
                headers: .init(knowledgeBaseVersion: result.knowledgeBaseVersion),
                body: .json(
                    .init(
                        lines: result.lines,
                        created: result.created,
                        replaced: result.replaced,
                        unchanged: result.unchanged,
                        knowledgeBaseVersion: result.knowledgeBaseVersion
                    )
                )
            )
        )
    }

    // MARK: Keys

    func listKeys(_ input: Operations.ListKeys.Input) async throws -> Operations.ListKeys.Output {
        let keys = try await keys.list()
        return .ok(
            .init(
                body: .json(
                    .init(
                        data: keys.map {
                            .init(id: $0.id, name: $0.name, role: wire($0.role), createdAt: $0.createdAt, revokedAt: $0.revokedAt)
                        }
                    )
                )
            )
        )
    }

    func createKey(_ input: Operations.CreateKey.Input) async throws -> Operations.CreateKey.Output {
        guard case .json(let body) = input.body else { throw ProblemError.internalError() }
        let admin = try principal()
        let (record, token) = try await keys.create(name: body.name, role: wire(body.role))
        logger.notice(
            "API key created",
            metadata: ["key.id": "\(record.id)", "key.role": "\(record.role.rawValue)", "by": "\(admin.keyID)"]
        )
        return .created(
            .init(body: .json(.init(id: record.id, name: record.name, role: wire(record.role), createdAt: record.createdAt, token: token)))
        )
    }

    func revokeKey(_ input: Operations.RevokeKey.Input) async throws -> Operations.RevokeKey.Output {
        let admin = try principal()
        guard try await keys.revoke(id: input.path.keyId) else {
            throw ProblemError.notFound("No API key has the id '\(input.path.keyId)'.")
        }
        logger.notice("API key revoked", metadata: ["key.id": "\(input.path.keyId)", "by": "\(admin.keyID)"])
        return .noContent(.init())
    }
}
