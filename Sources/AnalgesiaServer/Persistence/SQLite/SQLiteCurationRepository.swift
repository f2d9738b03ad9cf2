import AnalgesiaKnowledge
import Foundation
import GRDB

/// Curated writes in SQLite: each runs in one GRDB write transaction (SQLite has one writer at
/// a time, across processes too), with foreign keys checked at commit so that an import's lines
/// may refer forward.
struct SQLiteCurationRepository: CurationRepository {
    let database: AppDatabase

    func perform<Result: Sendable>(_ transaction: CuratedTransaction<Result>) async throws -> Result {
        try await database.write { db in
            try db.execute(sql: "PRAGMA defer_foreign_keys = ON")
            let stamp = try SQLiteKnowledgeRepository.stamp(db)
            var answer: StoredAnswer?
            if let lookup = transaction.idempotency {
                try IdempotencyRecord.filter(Column("created_at") < StoredTimestamp.text(lookup.forgetBefore)).deleteAll(db)
                answer = try IdempotencyRecord.fetchOne(db, key: ["key_id": lookup.keyID, "idempotency_key": lookup.idempotencyKey])?.answer
            }
            let state = CurationState(
                stamp: stamp,
                content: stamp == transaction.heldStamp ? nil : try SQLiteKnowledgeRepository.loadContent(db),
                tombstones: try Self.tombstones(db),
                rememberedAnswer: answer
            )
            switch try transaction.decide(state) {
            case .answer(let result):
                return result
            case .write(let changes, let then):
                try Self.apply(changes, db)
                let records = try then(try SQLiteKnowledgeRepository.loadContent(db))
                for audit in records.audits { try AuditLogRecord(audit).insert(db) }
                if let answer = records.answer { try IdempotencyRecord(answer).insert(db) }
                return records.result
            }
        }
    }

    func history(_ kind: ItemKind, _ key: String) async throws -> ItemHistory? {
        try await database.read { db in
            guard
                let item = try Row.fetchOne(
                    db,
                    sql: "SELECT deleted_at FROM \(kind.table) WHERE \(kind.keyColumn) = ?",
                    arguments: [key]
                )
            else { return nil }
            let decoder = JSONDecoder()
            let entries = try AuditLogRecord
                .filter(Column("kind") == kind.rawValue && Column("item_key") == key)
                .order(Column("id").desc)
                .fetchAll(db)
                .map { try $0.historyEntry(decoder: decoder) }
            return ItemHistory(deleted: (item["deleted_at"] as String?) != nil, entries: entries)
        }
    }

    /// The version of every deleted item, by `kind/key`.
    static func tombstones(_ db: Database) throws -> [String: Int] {
        var versions: [String: Int] = [:]
        for kind in ItemKind.allCases {
            let rows = try Row.fetchAll(db, sql: "SELECT \(kind.keyColumn) AS key, version FROM \(kind.table) WHERE deleted_at IS NOT NULL")
            for row in rows { versions["\(kind.rawValue)/\(row["key"] as String)"] = row["version"] }
        }
        return versions
    }

    /// Writes the changes in order; a refused labelled change names its label.
    static func apply(_ changes: CurationChanges, _ db: Database) throws {
        for (change, label) in changes.changes {
            do {
                try apply(change, at: changes.at, db)
            } catch let error as DatabaseError where label != nil {
                throw PersistenceError.rowRejected(label: label!, reason: "\(error.message ?? "constraint failed").")
            }
        }
        try db.execute(
            sql: "UPDATE kb_meta SET semver = ?, updated_at = ?",
            arguments: [changes.semver, StoredTimestamp.text(changes.at)]
        )
    }

    static func apply(_ change: CurationChanges.Change, at now: Date, _ db: Database) throws {
        switch change {
        case .source(let source): try SourceRecord(source).upsert(db)
        case .citation(let citation): try CitationRecord(citation).upsert(db)
        case .population(let population): try PopulationRecord(population).upsert(db)
        case .tombstone(let kind, let key):
            try db.execute(
                sql: "UPDATE \(kind.table) SET deleted_at = ?, version = version + 1 WHERE \(kind.keyColumn) = ?",
                arguments: [StoredTimestamp.text(now), key]
            )
            if kind == .condition {
                // Codes identify live conditions; a deleted condition frees them (its history keeps them).
                try ConditionCodeRecord.filter(Column("condition_slug") == key).deleteAll(db)
            }
        case .save(.condition(let condition)):
            try ConditionRecord(condition).upsert(db)
            try ConditionCodeRecord.filter(Column("condition_slug") == condition.slug).deleteAll(db)
            for code in condition.codes { try ConditionCodeRecord(code, of: condition.slug).insert(db) }
            try EAResponseRecord.filter(Column("condition_slug") == condition.slug).deleteAll(db)
            for statement in condition.eaStatements {
                try EAResponseRecord(statement, of: condition.slug).insert(db)
                for finding in statement.findingIDs {
                    try EAResponseFindingRecord(
                        conditionSlug: condition.slug,
                        exerciseType: statement.exerciseType.rawValue,
                        site: statement.site.rawValue,
                        findingId: finding
                    ).insert(db)
                }
            }
        case .save(.mechanism(let mechanism)):
            try MechanismRecord(mechanism).upsert(db)
        case .save(.finding(let finding)):
            try FindingRecord(finding).upsert(db)
            try FindingResultRecord.filter(Column("finding_id") == finding.id).deleteAll(db)
            try FindingReferenceRecord.filter(Column("finding_id") == finding.id).deleteAll(db)
            try FindingConditionRecord.filter(Column("finding_id") == finding.id).deleteAll(db)
            try FindingMechanismRecord.filter(Column("finding_id") == finding.id).deleteAll(db)
            for (ordinal, result) in finding.results.enumerated() {
                try FindingResultRecord(result, of: finding.id, ordinal: ordinal).insert(db)
            }
            for number in finding.referenceNumbers {
                try FindingReferenceRecord(findingId: finding.id, refNumber: number).insert(db)
            }
            for condition in finding.conditionSlugs {
                try FindingConditionRecord(findingId: finding.id, conditionSlug: condition).insert(db)
            }
            for link in finding.mechanismLinks {
                try FindingMechanismRecord(findingId: finding.id, mechanismSlug: link.mechanismSlug, relation: link.relation.rawValue).insert(db)
            }
        case .save(.guideline(let guideline)):
            try GuidelineRecord(guideline).upsert(db)
            try GuidelineConditionRecord.filter(Column("guideline_slug") == guideline.slug).deleteAll(db)
            try GuidelineFindingRecord.filter(Column("guideline_slug") == guideline.slug).deleteAll(db)
            for condition in guideline.conditionSlugs {
                try GuidelineConditionRecord(guidelineSlug: guideline.slug, conditionSlug: condition).insert(db)
            }
            for finding in guideline.findingIDs {
                try GuidelineFindingRecord(guidelineSlug: guideline.slug, findingId: finding).insert(db)
            }
        }
    }
}
