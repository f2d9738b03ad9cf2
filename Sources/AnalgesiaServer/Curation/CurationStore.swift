import AnalgesiaKnowledge
import Crypto
import Foundation
import GRDB
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

/// Curated writes: each runs in one write transaction that checks the precondition against the
/// stored state, validates, writes the item, its audit row and the new knowledge-base version, and
/// builds the next snapshot; the snapshot is installed once the transaction has committed, so
/// readers see the old item or the new one, never a half-written one.
struct CurationStore: Sendable {
    let database: AppDatabase
    let store: KnowledgeStore
    let validator: SchemaValidator
    let logger: Logger

    static let idempotencyWindow: TimeInterval = 24 * 3600

    // MARK: Single-item writes

    func write(_ request: WriteRequest) async throws -> WriteOutcome {
        if request.operation != .create && request.ifMatch == nil { throw ProblemError.versionRequired }
        let outcome = try await database.write { db in try self.write(request, db) }
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

    private func write(_ request: WriteRequest, _ db: Database) throws -> WriteOutcome {
        let now = Date()
        var requestHash: String?
        if request.operation == .create, let idempotencyKey = request.idempotencyKey {
            let hash = Self.sha256Hex("\(request.kind.rawValue)\n\(request.body?.canonicalText ?? "")")
            requestHash = hash
            try db.execute(
                sql: "DELETE FROM idempotency WHERE created_at < ?",
                arguments: [Self.timestamp(now.addingTimeInterval(-Self.idempotencyWindow))]
            )
            if let row = try Row.fetchOne(
                db,
                sql: "SELECT request_sha256, etag, kb_version, body FROM idempotency WHERE key_id = ? AND idempotency_key = ?",
                arguments: [request.principal.keyID, idempotencyKey]
            ) {
                guard row["request_sha256"] as String == hash else {
                    throw ProblemError(
                        status: .unprocessableContent,
                        type: "/problems/idempotency-key-reused",
                        title: "Idempotency-Key reused",
                        detail: "Idempotency-Key '\(idempotencyKey)' was first used with a different request; use a new key for a new create."
                    )
                }
                let body = try JSONDecoder().decode(JSONValue.self, from: Data((row["body"] as String).utf8))
                return WriteOutcome(
                    served: try snapshot(db),
                    etag: row["etag"],
                    replay: IdempotentReplay(body: body, etag: row["etag"], knowledgeBaseVersion: row["kb_version"])
                )
            }
        }

        let before = try snapshot(db)
        let knowledge = before.knowledge
        let existing = knowledge.curatedItem(request.kind, request.key)
        let tombstone = try Self.tombstoneVersion(db, request.kind, request.key)
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
            guard let existing else {
                if tombstone != nil {
                    throw ProblemError.gone("The \(noun) was deleted. Its history is at /v1/\(request.kind.plural)/\(request.key)/history.")
                }
                throw ProblemError.notFound("No \(noun) exists.")
            }
            let current = before.etag(of: request.kind, request.key) ?? ""
            guard ETag.ifMatch(request.ifMatch, matches: current) else { throw ProblemError.staleVersion(current: current) }
            _ = existing
        }

        let beforeJSON = try existing?.inputJSON()
        let after: CuratedItem?
        switch request.operation {
        case .delete:
            guard let existing else { throw ProblemError.internalError() }
            try Self.refuseDeleteWhileReferenced(existing, knowledge: knowledge)
            try Self.tombstone(existing, db: db, at: now)
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
                return WriteOutcome(served: before, etag: before.etag(of: request.kind, request.key), replay: nil)
            }
            try ReferenceValidator(knowledge: knowledge).validate(item)
            try Self.save(item, db: db)
            after = item
        }

        let served = try Self.advance(db, now: now)
        let version = after?.version ?? ((existing?.version ?? 0) + 1)
        try Self.audit(
            db,
            kind: request.kind,
            key: request.key,
            version: version,
            operation: request.operation,
            principal: request.principal,
            at: now,
            kbVersion: served.version,
            before: beforeJSON,
            after: try after?.inputJSON()
        )
        let etag = served.etag(of: request.kind, request.key)
        if let requestHash, let idempotencyKey = request.idempotencyKey, let body = try served.representationJSON(of: request.kind, request.key) {
            try db.execute(
                sql: """
                    INSERT INTO idempotency (key_id, idempotency_key, request_sha256, status, location, etag, kb_version, body, created_at)
                    VALUES (?, ?, ?, 201, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    request.principal.keyID, idempotencyKey, requestHash, "/v1/\(request.kind.plural)/\(request.key)", etag,
                    served.version, body.canonicalText, Self.timestamp(now),
                ]
            )
        }
        return WriteOutcome(served: served, etag: etag, replay: nil)
    }

    /// The snapshot of the state this transaction sees: the served one when current, else loaded.
    private func snapshot(_ db: Database) throws -> ServedKnowledge {
        let stamp = try SQLiteKnowledgeRepository.stamp(db)
        if let current = store.current, current.stamp == stamp { return current }
        return ServedKnowledge(content: try SQLiteKnowledgeRepository.loadContent(db))
    }

    /// Advances the semantic version's patch number and builds the snapshot of the new state.
    /// An import passes the exported semantic version as `atLeast`, so that an export imported
    /// into an empty store answers with the same knowledge-base version.
    static func advance(_ db: Database, now: Date, atLeast: String? = nil) throws -> ServedKnowledge {
        let stamp = try SQLiteKnowledgeRepository.stamp(db)
        var parts = stamp.semver.split(separator: ".").compactMap { Int($0) }
        if parts.count != 3 { parts = [1, 0, 0] }
        parts[2] += 1
        if let floor = atLeast?.split(separator: ".").compactMap({ Int($0) }), floor.count == 3,
            floor.lexicographicallyPrecedes(parts) == false
        {
            parts = floor
        }
        try db.execute(
            sql: "UPDATE kb_meta SET semver = ?, updated_at = ?",
            arguments: [parts.map(String.init).joined(separator: "."), timestamp(now)]
        )
        return ServedKnowledge(content: try SQLiteKnowledgeRepository.loadContent(db))
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

    static func tombstone(_ item: CuratedItem, db: Database, at now: Date) throws {
        let kind = item.kind
        try db.execute(
            sql: "UPDATE \(kind.table) SET deleted_at = ?, version = version + 1 WHERE \(kind.keyColumn) = ?",
            arguments: [timestamp(now), item.key]
        )
        if kind == .condition {
            // Codes identify live conditions; a deleted condition frees them (its history keeps them).
            try db.execute(sql: "DELETE FROM condition_code WHERE condition_slug = ?", arguments: [item.key])
        }
    }

    /// The tombstone's version when the item was deleted, else nil.
    static func tombstoneVersion(_ db: Database, _ kind: ItemKind, _ key: String) throws -> Int? {
        try Int.fetchOne(
            db,
            sql: "SELECT version FROM \(kind.table) WHERE \(kind.keyColumn) = ? AND deleted_at IS NOT NULL",
            arguments: [key]
        )
    }

    // MARK: Rows

    /// Writes the item's row (reviving a tombstone) and replaces its child rows.
    static func save(_ item: CuratedItem, db: Database) throws {
        switch item {
        case .condition(let condition):
            try db.execute(
                sql: """
                    INSERT INTO condition (slug, name, summary, synonyms, central_sensitization, central_sensitization_note,
                                           ea_summary, caution, source_id, version, deleted_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)
                    ON CONFLICT(slug) DO UPDATE SET
                        name = excluded.name, summary = excluded.summary, synonyms = excluded.synonyms,
                        central_sensitization = excluded.central_sensitization,
                        central_sensitization_note = excluded.central_sensitization_note,
                        ea_summary = excluded.ea_summary, caution = excluded.caution, source_id = excluded.source_id,
                        version = excluded.version, deleted_at = NULL
                    """,
                arguments: [
                    condition.slug, condition.name, condition.summary, try jsonText(condition.synonyms),
                    condition.centralSensitization, condition.centralSensitizationNote, condition.eaSummary, condition.caution,
                    condition.sourceID, condition.version,
                ]
            )
            try db.execute(sql: "DELETE FROM condition_code WHERE condition_slug = ?", arguments: [condition.slug])
            for code in condition.codes {
                try db.execute(
                    sql: """
                        INSERT INTO condition_code (condition_slug, system, code, display, match, scope, caveat)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        condition.slug, code.system.rawValue, code.code, code.display, code.match.rawValue, code.scope.rawValue, code.caveat,
                    ]
                )
            }
            try db.execute(sql: "DELETE FROM ea_response WHERE condition_slug = ?", arguments: [condition.slug])
            for statement in condition.eaStatements {
                try db.execute(
                    sql: """
                        INSERT INTO ea_response (condition_slug, exercise_type, site, response, evidence_basis, rationale, locator, qualifier)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        condition.slug, statement.exerciseType.rawValue, statement.site.rawValue, statement.response.rawValue,
                        statement.evidenceBasis.rawValue, statement.rationale, statement.locator?.description, statement.qualifier,
                    ]
                )
                for finding in statement.findingIDs {
                    try db.execute(
                        sql: "INSERT INTO ea_response_finding (condition_slug, exercise_type, site, finding_id) VALUES (?, ?, ?, ?)",
                        arguments: [condition.slug, statement.exerciseType.rawValue, statement.site.rawValue, finding]
                    )
                }
            }
        case .mechanism(let mechanism):
            try db.execute(
                sql: """
                    INSERT INTO mechanism (slug, name, summary, verdict, verdict_rationale, locator, basis, source_id, version, deleted_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)
                    ON CONFLICT(slug) DO UPDATE SET
                        name = excluded.name, summary = excluded.summary, verdict = excluded.verdict,
                        verdict_rationale = excluded.verdict_rationale, locator = excluded.locator, basis = excluded.basis,
                        source_id = excluded.source_id, version = excluded.version, deleted_at = NULL
                    """,
                arguments: [
                    mechanism.slug, mechanism.name, mechanism.summary, mechanism.verdict.rawValue, mechanism.verdictRationale,
                    mechanism.locator?.description, mechanism.basis?.rawValue, mechanism.sourceID, mechanism.version,
                ]
            )
        case .finding(let finding):
            let exercise = finding.exercise
            try db.execute(
                sql: """
                    INSERT INTO finding (id, title, summary, evidence_status, study_design, named_authors, exercise_type, protocol,
                                         muscles, intensity, duration, measures, measurement_sites, locator, basis, source_id, version,
                                         deleted_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)
                    ON CONFLICT(id) DO UPDATE SET
                        title = excluded.title, summary = excluded.summary, evidence_status = excluded.evidence_status,
                        study_design = excluded.study_design, named_authors = excluded.named_authors,
                        exercise_type = excluded.exercise_type, protocol = excluded.protocol, muscles = excluded.muscles,
                        intensity = excluded.intensity, duration = excluded.duration, measures = excluded.measures,
                        measurement_sites = excluded.measurement_sites, locator = excluded.locator, basis = excluded.basis,
                        source_id = excluded.source_id, version = excluded.version, deleted_at = NULL
                    """,
                arguments: [
                    finding.id, finding.title, finding.summary, finding.evidenceStatus.rawValue, finding.studyDesign,
                    finding.namedAuthors, exercise.type?.rawValue, exercise.description, try jsonText(exercise.muscles),
                    exercise.intensity, exercise.duration, try jsonText(finding.measures), try jsonText(finding.measurementSites),
                    finding.locator?.description, finding.basis?.rawValue, finding.sourceID, finding.version,
                ]
            )
            for table in ["finding_result", "finding_reference", "finding_condition", "finding_mechanism"] {
                try db.execute(sql: "DELETE FROM \(table) WHERE finding_id = ?", arguments: [finding.id])
            }
            for (ordinal, result) in finding.results.enumerated() {
                try db.execute(
                    sql: "INSERT INTO finding_result (finding_id, ordinal, population_slug, site, response, outcome) VALUES (?, ?, ?, ?, ?, ?)",
                    arguments: [finding.id, ordinal, result.populationSlug, result.site.rawValue, result.response?.rawValue, result.outcome]
                )
            }
            for number in finding.referenceNumbers {
                try db.execute(sql: "INSERT INTO finding_reference (finding_id, ref_number) VALUES (?, ?)", arguments: [finding.id, number])
            }
            for condition in finding.conditionSlugs {
                try db.execute(
                    sql: "INSERT INTO finding_condition (finding_id, condition_slug) VALUES (?, ?)",
                    arguments: [finding.id, condition]
                )
            }
            for link in finding.mechanismLinks {
                try db.execute(
                    sql: "INSERT INTO finding_mechanism (finding_id, mechanism_slug, relation) VALUES (?, ?, ?)",
                    arguments: [finding.id, link.mechanismSlug, link.relation.rawValue]
                )
            }
        case .guideline(let guideline):
            try db.execute(
                sql: """
                    INSERT INTO guideline (slug, title, advice, rationale, kind, origin, table_position, evidence_level,
                                           locator, source_id, version, deleted_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)
                    ON CONFLICT(slug) DO UPDATE SET
                        title = excluded.title, advice = excluded.advice, rationale = excluded.rationale, kind = excluded.kind,
                        origin = excluded.origin, table_position = excluded.table_position,
                        evidence_level = excluded.evidence_level, locator = excluded.locator, source_id = excluded.source_id,
                        version = excluded.version, deleted_at = NULL
                    """,
                arguments: [
                    guideline.slug, guideline.title, guideline.advice, guideline.rationale, guideline.kind.rawValue,
                    guideline.origin.rawValue, guideline.tablePosition, guideline.evidenceLevel.rawValue,
                    guideline.locator?.description, guideline.sourceID, guideline.version,
                ]
            )
            for table in ["guideline_condition", "guideline_finding"] {
                try db.execute(sql: "DELETE FROM \(table) WHERE guideline_slug = ?", arguments: [guideline.slug])
            }
            for condition in guideline.conditionSlugs {
                try db.execute(
                    sql: "INSERT INTO guideline_condition (guideline_slug, condition_slug) VALUES (?, ?)",
                    arguments: [guideline.slug, condition]
                )
            }
            for finding in guideline.findingIDs {
                try db.execute(
                    sql: "INSERT INTO guideline_finding (guideline_slug, finding_id) VALUES (?, ?)",
                    arguments: [guideline.slug, finding]
                )
            }
        }
    }

    static func audit(
        _ db: Database,
        kind: ItemKind,
        key: String,
        version: Int,
        operation: WriteOperation,
        principal: Principal,
        at now: Date,
        kbVersion: String,
        before: JSONValue?,
        after: JSONValue?
    ) throws {
        try db.execute(
            sql: """
                INSERT INTO audit_log (kind, item_key, version, operation, key_id, at, kb_version, before, after)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                kind.rawValue, key, version, operation.rawValue, principal.keyID, timestamp(now), kbVersion,
                before?.canonicalText, after?.canonicalText,
            ]
        )
    }

    // MARK: History

    struct HistoryEntry: Sendable {
        var version: Int
        var operation: String
        var at: String
        var keyID: String
        var knowledgeBaseVersion: String
        var before: JSONValue?
        var after: JSONValue?
    }

    /// The item's audit trail, newest first; nil when no item ever had this key.
    func history(_ kind: ItemKind, _ key: String) async throws -> (deleted: Bool, entries: [HistoryEntry])? {
        try await database.read { db in
            guard
                let deletedAt = try Row.fetchOne(
                    db,
                    sql: "SELECT deleted_at FROM \(kind.table) WHERE \(kind.keyColumn) = ?",
                    arguments: [key]
                )
            else { return nil }
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT version, operation, at, key_id, kb_version, before, after FROM audit_log
                    WHERE kind = ? AND item_key = ? ORDER BY id DESC
                    """,
                arguments: [kind.rawValue, key]
            )
            let decoder = JSONDecoder()
            let entries = try rows.map { row in
                HistoryEntry(
                    version: row["version"],
                    operation: row["operation"],
                    at: row["at"],
                    keyID: row["key_id"],
                    knowledgeBaseVersion: row["kb_version"],
                    before: try (row["before"] as String?).map { try decoder.decode(JSONValue.self, from: Data($0.utf8)) },
                    after: try (row["after"] as String?).map { try decoder.decode(JSONValue.self, from: Data($0.utf8)) }
                )
            }
            return ((deletedAt["deleted_at"] as String?) != nil, entries)
        }
    }

    // MARK: Helpers

    static func jsonText(_ strings: [String]) throws -> String {
        String(decoding: try JSONValue.encoder.encode(strings), as: UTF8.self)
    }

    static func timestamp(_ date: Date) -> String {
        Date.ISO8601FormatStyle(includingFractionalSeconds: true).format(date)
    }

    static func sha256Hex(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
