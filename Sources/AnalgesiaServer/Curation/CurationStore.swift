import AnalgesiaKnowledge
import Crypto
import Foundation
import HTTPTypes
import Logging

/// Who is making a request, once its API key is verified.
struct Principal: Sendable, Hashable {
    var keyID: String
    var role: APIKeyRole

    /// The principal of the request being handled, set by `AuthorizationMiddleware`.
    @TaskLocal static var current: Principal?
}

/// How a curated write changes an item.
enum WriteOperation: String, Sendable {
    case create, replace, patch, delete
    case importing = "import"
}

/// One curated write, as the handlers hand it over.
struct WriteRequest: Sendable {
    var kind: ItemKind
    var key: String
    var operation: WriteOperation
    /// The input form (create, replace) or the merge patch (patch); nil for delete.
    var body: JSONValue?
    var ifMatch: String?
    var idempotencyKey: String?
    var principal: Principal
}

/// What a write did.
struct WriteOutcome: Sendable {
    /// The snapshot that includes the write (install it before answering).
    var served: ServedKnowledge
    /// The item's ETag after the write (nil after a delete).
    var etag: String?
    /// The first answer, when an idempotent retry is replayed.
    var replay: IdempotentReplay?
}

struct IdempotentReplay: Sendable {
    var body: JSONValue
    var etag: String?
    var knowledgeBaseVersion: String
}

/// The rules of curated writes. Each write runs in one transaction of the `CurationRepository`
/// that checks the precondition against the stored state, validates, writes the item, its audit
/// row and the new knowledge-base version, and builds the next snapshot; the snapshot is
/// installed once the transaction has committed, so readers see the old item or the new one,
/// never a half-written one.
struct CurationStore: Sendable {
    let repository: any CurationRepository
    let store: KnowledgeStore
    let validator: SchemaValidator
    let logger: Logger

    static let idempotencyWindow: TimeInterval = 24 * 3600

    // MARK: Single-item writes

    func write(_ request: WriteRequest) async throws -> WriteOutcome {
        if request.operation != .create && request.ifMatch == nil { throw ProblemError.versionRequired }
        let held = store.current
        let now = Date()
        var lookup: CuratedTransaction<WriteOutcome>.IdempotencyLookup?
        var requestHash: String?
        if request.operation == .create, let idempotencyKey = request.idempotencyKey {
            requestHash = Self.sha256Hex("\(request.kind.rawValue)\n\(request.body?.canonicalText ?? "")")
            lookup = .init(
                keyID: request.principal.keyID,
                idempotencyKey: idempotencyKey,
                forgetBefore: now.addingTimeInterval(-Self.idempotencyWindow)
            )
        }
        let hash = requestHash
        let outcome = try await repository.perform(
            CuratedTransaction(heldStamp: held?.stamp, idempotency: lookup) { state in
                try self.decide(request, state: state, held: held, requestHash: hash, now: now)
            }
        )
        store.install(outcome.served)
        if outcome.replay == nil {
            logger.notice(
                "Curated write",
                metadata: [
                    "kind": "\(request.kind.rawValue)", "key": "\(request.key)", "operation": "\(request.operation.rawValue)",
                    "key.id": "\(request.principal.keyID)", "kb.version": "\(outcome.served.version)",
                ]
            )
        }
        return outcome
    }

    /// The snapshot of the state a transaction sees: the held one when current, else built from
    /// the content it read.
    static func snapshot(_ state: CurationState, held: ServedKnowledge?) throws -> ServedKnowledge {
        if let content = state.content { return ServedKnowledge(content: content) }
        guard let held, held.stamp == state.stamp else { throw ProblemError.internalError() }
        return held
    }

    private func decide(
        _ request: WriteRequest,
        state: CurationState,
        held: ServedKnowledge?,
        requestHash: String?,
        now: Date
    ) throws -> CuratedTransaction<WriteOutcome>.Decision {
        let before = try Self.snapshot(state, held: held)
        if let requestHash, let idempotencyKey = request.idempotencyKey, let answer = state.rememberedAnswer {
            guard answer.requestSHA256 == requestHash else {
                throw ProblemError(
                    status: .unprocessableContent,
                    type: "/problems/idempotency-key-reused",
                    title: "Idempotency-Key reused",
                    detail: "Idempotency-Key '\(idempotencyKey)' was first used with a different request; use a new key for a new create."
                )
            }
            let body = try JSONDecoder().decode(JSONValue.self, from: Data(answer.body.utf8))
            return .answer(
                WriteOutcome(
                    served: before,
                    etag: answer.etag,
                    replay: IdempotentReplay(body: body, etag: answer.etag, knowledgeBaseVersion: answer.knowledgeBaseVersion)
                )
            )
        }

        let knowledge = before.knowledge
        let existing = knowledge.curatedItem(request.kind, request.key)
        let tombstone = state.tombstoneVersion(request.kind, request.key)
        let noun = "\(request.kind.rawValue) '\(request.key)'"

        if request.operation == .create {
            if existing != nil {
                throw ProblemError.conflict("A \(noun) already exists; change it with PUT or PATCH /v1/\(request.kind.plural)/\(request.key).")
            }
            if tombstone != nil {
                throw ProblemError.conflict(
                    "The \(noun) was deleted; deleted keys stay reserved so that history and references keep their meaning. Choose another \(request.kind.keyField)."
                )
            }
        } else {
            guard existing != nil else {
                if tombstone != nil {
                    throw ProblemError.gone("The \(noun) was deleted. Its history is at /v1/\(request.kind.plural)/\(request.key)/history.")
                }
                throw ProblemError.notFound("No \(noun) exists.")
            }
            let current = before.etag(of: request.kind, request.key) ?? ""
            guard ETag.ifMatch(request.ifMatch, matches: current) else { throw ProblemError.staleVersion(current: current) }
        }

        let beforeJSON = try existing?.inputJSON()
        var changes = CurationChanges(semver: Self.nextSemver(after: state.stamp.semver), at: now)
        let after: CuratedItem?
        switch request.operation {
        case .delete:
            guard let existing else { throw ProblemError.internalError() }
            try Self.refuseDeleteWhileReferenced(existing, knowledge: knowledge)
            changes.append(.tombstone(existing.kind, key: existing.key))
            after = nil
        case .create, .replace, .patch, .importing:
            var json = request.body ?? .null
            if request.operation == .patch, let beforeJSON {
                json = beforeJSON.merged(with: json)
            }
            try validator.validate(json, against: request.kind.inputSchema)
            if json.object?[request.kind.keyField] != .string(request.key) {
                throw ProblemError.invalidItem([
                    (request.kind.keyField, "must be '\(request.key)', the \(request.kind.keyField) in the path; an item's key cannot change.")
                ])
            }
            let version = (existing?.version ?? 0) + 1
            let item = try CuratedItem.decode(json, kind: request.kind, source: Self.defaultSource(knowledge), version: version)
            if let existing, existing == item.withVersion(existing.version) {
                // Nothing changes: no new version, no audit row.
                return .answer(WriteOutcome(served: before, etag: before.etag(of: request.kind, request.key), replay: nil))
            }
            try ReferenceValidator(knowledge: knowledge).validate(item)
            changes.append(.save(item))
            after = item
        }

        let version = after?.version ?? ((existing?.version ?? 0) + 1)
        let afterJSON = try after?.inputJSON()
        return .write(changes) { content in
            let served = ServedKnowledge(content: content)
            let audit = AuditEntry(
                kind: request.kind,
                key: request.key,
                version: version,
                operation: request.operation,
                keyID: request.principal.keyID,
                at: now,
                knowledgeBaseVersion: served.version,
                before: beforeJSON,
                after: afterJSON
            )
            let etag = served.etag(of: request.kind, request.key)
            var answer: StoredAnswer?
            if let requestHash, let idempotencyKey = request.idempotencyKey,
                let body = try served.representationJSON(of: request.kind, request.key)
            {
                answer = StoredAnswer(
                    keyID: request.principal.keyID,
                    idempotencyKey: idempotencyKey,
                    requestSHA256: requestHash,
                    location: "/v1/\(request.kind.plural)/\(request.key)",
                    etag: etag,
                    knowledgeBaseVersion: served.version,
                    body: body.canonicalText,
                    createdAt: now
                )
            }
            return CurationRecords(audits: [audit], answer: answer, result: WriteOutcome(served: served, etag: etag, replay: nil))
        }
    }

    /// The semantic version after a change: the patch number advances. An import passes the
    /// exported semantic version as `atLeast`, so that an export imported into an empty store
    /// answers with the same knowledge-base version.
    static func nextSemver(after semver: String, atLeast: String? = nil) -> String {
        var parts = semver.split(separator: ".").compactMap { Int($0) }
        if parts.count != 3 { parts = [1, 0, 0] }
        parts[2] += 1
        if let floor = atLeast?.split(separator: ".").compactMap({ Int($0) }), floor.count == 3,
            floor.lexicographicallyPrecedes(parts) == false
        {
            parts = floor
        }
        return parts.map(String.init).joined(separator: ".")
    }

    /// The review migration 0002 seeds; items that name no source come from it.
    static let seedSourceID = "nijs-2012-pain-physician"

    static func defaultSource(_ knowledge: KnowledgeBase) -> String {
        knowledge.content.sources.first?.id ?? seedSourceID
    }

    // MARK: Deletes
    /// 409 while live items still refer to `item`: deleting it would leave them pointing nowhere.
    static func refuseDeleteWhileReferenced(_ item: CuratedItem, knowledge: KnowledgeBase) throws {
        let content = knowledge.content
        var referrers: [String] = []
        switch item {
        case .condition(let condition):
            referrers += content.findings.filter { $0.conditionSlugs.contains(condition.slug) }.map { "finding \($0.id)" }
            referrers += content.guidelines.filter { $0.conditionSlugs.contains(condition.slug) }.map { "guideline \($0.slug)" }
            referrers += content.populations.filter { $0.conditionSlug == condition.slug }.map { "population \($0.slug)" }
        case .mechanism(let mechanism):
            referrers += content.findings.filter { $0.mechanismLinks.contains { $0.mechanismSlug == mechanism.slug } }.map { "finding \($0.id)" }
        case .finding(let finding):
            referrers += content.conditions.filter { $0.eaStatements.contains { $0.findingIDs.contains(finding.id) } }.map { "condition \($0.slug)" }
            referrers += content.guidelines.filter { $0.findingIDs.contains(finding.id) }.map { "guideline \($0.slug)" }
        case .guideline:
            break
        }
        guard referrers.isEmpty else {
            let shown = referrers.prefix(5).joined(separator: ", ") + (referrers.count > 5 ? " and \(referrers.count - 5) more" : "")
            throw ProblemError.conflict(
                "The \(item.kind.rawValue) '\(item.key)' is still referred to by \(shown); change those first so that no live item points to a deleted one."
            )
        }
    }

    // MARK: History

    /// The item's audit trail, newest first; nil when no item ever had this key.
    func history(_ kind: ItemKind, _ key: String) async throws -> ItemHistory? {
        try await repository.history(kind, key)
    }

    // MARK: Helpers

    static func timestamp(_ date: Date) -> String {
        StoredTimestamp.text(date)
    }

    static func sha256Hex(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
