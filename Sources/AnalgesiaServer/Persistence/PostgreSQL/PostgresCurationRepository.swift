import AnalgesiaKnowledge
import Foundation
import Logging
import PostgresNIO

/// Curated writes in PostgreSQL. Each runs in one transaction that first takes kb_meta's row
/// lock, so curated writes on every replica run one at a time, as SQLite's single writer makes
/// them run: a write that waited sees the state its predecessor committed (If-Match, idempotency).
/// Rows are written from the same records as SQLite's, as JSON (`PostgresRecordWriter`).
struct PostgresCurationRepository: CurationRepository {
    let database: PostgresBackend

    func perform<Result: Sendable>(_ transaction: CuratedTransaction<Result>) async throws -> Result {
        let logger = database.logger
        return try await database.transaction { connection in
            let stamp = try await PostgresKnowledgeRepository.stamp(connection, locking: true, logger: logger)
            var answer: StoredAnswer?
            if let lookup = transaction.idempotency {
                try await connection.query(
                    "DELETE FROM idempotency WHERE created_at < \(StoredTimestamp.text(lookup.forgetBefore))",
                    logger: logger
                )
                answer = try await PostgresBackend.json(
                    """
                    SELECT row_to_json(i)::text FROM idempotency i
                    WHERE key_id = \(lookup.keyID) AND idempotency_key = \(lookup.idempotencyKey)
                    """,
                    as: IdempotencyRecord.self,
                    on: connection,
                    logger: logger
                )?.answer
            }
            let rows = try await PostgresKnowledgeRepository.rows(connection, logger: logger)
            let state = CurationState(
                stamp: stamp,
                content: stamp == transaction.heldStamp ? nil : try rows.content(),
                tombstones: Self.tombstones(rows),
                rememberedAnswer: answer
            )
            switch try transaction.decide(state) {
            case .answer(let result):
                return result
            case .write(let changes, let then):
                try await Self.apply(changes, connection, logger: logger)
                let records = try then(try await PostgresKnowledgeRepository.loadContent(connection, logger: logger))
                let writer = PostgresRecordWriter(connection: connection, logger: logger)
                try await writer.insert(records.audits.map(AuditLogRecord.init), excluding: ["id"])
                if let answer = records.answer { try await writer.insert([IdempotencyRecord(answer)]) }
                return records.result
            }
        }
    }

    func history(_ kind: ItemKind, _ key: String) async throws -> ItemHistory? {
        let logger = database.logger
        return try await database.withConnection { connection in
            var deletedAt: String??
            let item = PostgresQuery(unsafeSQL: "SELECT deleted_at FROM \(kind.table) WHERE \(kind.keyColumn) = $1", binds: {
                var binds = PostgresBindings()
                binds.append(key)
                return binds
            }())
            for try await value in try await connection.query(item, logger: logger).decode(String?.self) { deletedAt = .some(value) }
            guard let deletedAt else { return nil }
            let records =
                try await PostgresBackend.json(
                    """
                    SELECT coalesce(json_agg(a ORDER BY a.id DESC), '[]'::json)::text FROM audit_log a
                    WHERE kind = \(kind.rawValue) AND item_key = \(key)
                    """,
                    as: [AuditLogRecord].self,
                    on: connection,
                    logger: logger
                ) ?? []
            let decoder = JSONDecoder()
            let entries = try records.map { try $0.historyEntry(decoder: decoder) }
            return ItemHistory(deleted: deletedAt != nil, entries: entries)
        }
    }

    /// The version of every deleted item, by `kind/key`.
    static func tombstones(_ rows: KnowledgeRows) -> [String: Int] {
        var versions: [String: Int] = [:]
        for record in rows.conditions where record.deletedAt != nil { versions["condition/\(record.slug)"] = record.version }
        for record in rows.mechanisms where record.deletedAt != nil { versions["mechanism/\(record.slug)"] = record.version }
        for record in rows.findings where record.deletedAt != nil { versions["finding/\(record.id)"] = record.version }
        for record in rows.guidelines where record.deletedAt != nil { versions["guideline/\(record.slug)"] = record.version }
        return versions
    }

    /// Writes the changes in order, then the semantic version; a refused labelled change names its label.
    static func apply(_ changes: CurationChanges, _ connection: PostgresConnection, logger: Logger) async throws {
        let writer = PostgresRecordWriter(connection: connection, logger: logger)
        for (change, label) in changes.changes {
            do {
                try await apply(change, at: changes.at, writer)
            } catch let error as PSQLError where label != nil && error.serverInfo?[.sqlState] != nil {
                throw PersistenceError.rowRejected(label: label!, reason: "\(error.serverInfo?[.message] ?? "constraint failed").")
            }
        }
        try await connection.query(
            "UPDATE kb_meta SET semver = \(changes.semver), updated_at = \(StoredTimestamp.text(changes.at)) WHERE id = 1",
            logger: logger
        )
    }

    // swiftlint:disable:next function_body_length
    static func apply(_ change: CurationChanges.Change, at now: Date, _ writer: PostgresRecordWriter) async throws {
        switch change {
        case .source(let source): try await writer.upsert(SourceRecord(source), key: ["id"])
        case .citation(let citation): try await writer.upsert(CitationRecord(citation), key: ["source_id", "ref_number"])
        case .population(let population): try await writer.upsert(PopulationRecord(population), key: ["slug"])
        case .tombstone(let kind, let key):
            try await writer.execute(
                "UPDATE \(kind.table) SET deleted_at = $1, version = version + 1 WHERE \(kind.keyColumn) = $2",
                StoredTimestamp.text(now),
                key
            )
            if kind == .condition {
                // Codes identify live conditions; a deleted condition frees them (its history keeps them).
                try await writer.execute("DELETE FROM condition_code WHERE condition_slug = $1", key)
            }
        case .save(.condition(let condition)):
            try await writer.upsert(ConditionRecord(condition), key: ["slug"])
            try await writer.execute("DELETE FROM condition_code WHERE condition_slug = $1", condition.slug)
            try await writer.insert(condition.codes.map { ConditionCodeRecord($0, of: condition.slug) })
            try await writer.execute("DELETE FROM ea_response WHERE condition_slug = $1", condition.slug)
            try await writer.insert(condition.eaStatements.map { EAResponseRecord($0, of: condition.slug) })
            try await writer.insert(
                condition.eaStatements.flatMap { statement in
                    statement.findingIDs.map {
                        EAResponseFindingRecord(
                            conditionSlug: condition.slug,
                            exerciseType: statement.exerciseType.rawValue,
                            site: statement.site.rawValue,
                            findingId: $0
                        )
                    }
                }
            )
        case .save(.mechanism(let mechanism)):
            try await writer.upsert(MechanismRecord(mechanism), key: ["slug"])
        case .save(.finding(let finding)):
            try await writer.upsert(try FindingRecord(finding), key: ["id"])
            for table in ["finding_result", "finding_reference", "finding_condition", "finding_mechanism"] {
                try await writer.execute("DELETE FROM \(table) WHERE finding_id = $1", finding.id)
            }
            try await writer.insert(finding.results.enumerated().map { FindingResultRecord($1, of: finding.id, ordinal: $0) })
            try await writer.insert(finding.referenceNumbers.map { FindingReferenceRecord(findingId: finding.id, refNumber: $0) })
            try await writer.insert(finding.conditionSlugs.map { FindingConditionRecord(findingId: finding.id, conditionSlug: $0) })
            try await writer.insert(
                finding.mechanismLinks.map {
                    FindingMechanismRecord(findingId: finding.id, mechanismSlug: $0.mechanismSlug, relation: $0.relation.rawValue)
                }
            )
        case .save(.guideline(let guideline)):
            try await writer.upsert(GuidelineRecord(guideline), key: ["slug"])
            try await writer.execute("DELETE FROM guideline_condition WHERE guideline_slug = $1", guideline.slug)
            try await writer.execute("DELETE FROM guideline_finding WHERE guideline_slug = $1", guideline.slug)
            try await writer.insert(guideline.conditionSlugs.map { GuidelineConditionRecord(guidelineSlug: guideline.slug, conditionSlug: $0) })
            try await writer.insert(guideline.findingIDs.map { GuidelineFindingRecord(guidelineSlug: guideline.slug, findingId: $0) })
        }
    }
}
