import AnalgesiaKnowledge
import Foundation
import GRDB

/// The knowledge in SQLite: one read of every table, and search over the FTS5 index that
/// triggers keep current (migration 0001).
struct SQLiteKnowledgeRepository: KnowledgeRepository {
    let database: AppDatabase

    func stamp() async throws -> KnowledgeStamp {
        try await database.read { db in try Self.stamp(db) }
    }

    static func stamp(_ db: Database) throws -> KnowledgeStamp {
        guard let meta = try KBMetaRecord.fetchOne(db) else {
            throw CorruptRowError(table: "kb_meta", column: "id", value: "missing row")
        }
        return KnowledgeStamp(semver: meta.semver, revision: meta.revision)
    }

    func isReady() async throws -> Bool {
        guard try await database.isFullyMigrated() else { return false }
        return try await database.read { db in try Int.fetchOne(db, sql: "SELECT 1") == 1 }
    }

    /// The FTS5 MATCH expression: every word quoted, the last one as a prefix.
    static func matchExpression(_ words: [String]) -> String {
        words.enumerated().map { index, word in
            index == words.count - 1 ? "\"\(word)\"*" : "\"\(word)\""
        }.joined(separator: " ")
    }

    func search(_ query: SearchQuery) async throws -> SearchResults {
        try await database.read { db in
            var sql = """
                SELECT kind, ref, title,
                       snippet(search_index, -1, '<mark>', '</mark>', '…', 16) AS snippet,
                       bm25(search_index, 0.0, 0.0, 5.0, 1.0) AS rank
                FROM search_index
                WHERE search_index MATCH ?
                """
            var arguments: StatementArguments = [Self.matchExpression(query.words)]
            if let kind = query.kind {
                sql += " AND kind = ?"
                _ = arguments.append(contentsOf: [kind.rawValue])
            }
            sql += " ORDER BY rank, kind, ref LIMIT ? OFFSET ?"
            _ = arguments.append(contentsOf: [query.limit + 1, query.offset])
            let rows = try Row.fetchAll(db, sql: sql, arguments: arguments)
            let hits = try rows.prefix(query.limit).map { row in
                SearchResults.Hit(
                    kind: try CorruptRowError.decode(ItemKind.self, row["kind"], table: "search_index", column: "kind"),
                    id: row["ref"],
                    title: row["title"],
                    snippet: row["snippet"],
                    score: -(row["rank"] as Double)
                )
            }
            return SearchResults(hits: hits, hasMore: rows.count > query.limit, stamp: try Self.stamp(db))
        }
    }

    func loadContent() async throws -> KnowledgeContent {
        try await database.read { db in try Self.loadContent(db) }
    }

    static func loadContent(_ db: Database) throws -> KnowledgeContent {
        try rows(db).content()
    }

    /// Every row of the knowledge tables.
    static func rows(_ db: Database) throws -> KnowledgeRows {
        guard let meta = try KBMetaRecord.fetchOne(db) else {
            throw CorruptRowError(table: "kb_meta", column: "id", value: "missing row")
        }
        return KnowledgeRows(
            meta: meta,
            sources: try SourceRecord.fetchAll(db),
            citations: try CitationRecord.fetchAll(db),
            populations: try PopulationRecord.fetchAll(db),
            conditionCodes: try ConditionCodeRecord.fetchAll(db),
            eaResponses: try EAResponseRecord.fetchAll(db),
            eaResponseFindings: try EAResponseFindingRecord.fetchAll(db),
            conditions: try ConditionRecord.fetchAll(db),
            mechanisms: try MechanismRecord.fetchAll(db),
            findings: try FindingRecord.fetchAll(db),
            findingResults: try FindingResultRecord.fetchAll(db),
            findingReferences: try FindingReferenceRecord.fetchAll(db),
            findingConditions: try FindingConditionRecord.fetchAll(db),
            findingMechanisms: try FindingMechanismRecord.fetchAll(db),
            guidelines: try GuidelineRecord.fetchAll(db),
            guidelineConditions: try GuidelineConditionRecord.fetchAll(db),
            guidelineFindings: try GuidelineFindingRecord.fetchAll(db)
        )
    }
}
