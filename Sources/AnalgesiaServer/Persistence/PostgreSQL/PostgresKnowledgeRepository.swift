import AnalgesiaKnowledge
import Foundation
import Logging
import PostgresNIO

/// The knowledge in PostgreSQL: one statement reads every table as JSON (one snapshot), decoded
/// into the records SQLite's rows decode into; search over the tsvector index the triggers of
/// 0002_pg_search_and_change_tracking keep current.
struct PostgresKnowledgeRepository: KnowledgeRepository {
    let database: PostgresBackend
    let migrator: PostgresMigrator

    func stamp() async throws -> KnowledgeStamp {
        let logger = database.logger
        return try await database.withConnection { connection in try await Self.stamp(connection, logger: logger) }
    }

    /// The stamp; `locking` takes kb_meta's row lock, which every curated write holds until it commits.
    static func stamp(_ connection: PostgresConnection, locking: Bool = false, logger: Logger) async throws -> KnowledgeStamp {
        let query: PostgresQuery =
            locking
            ? "SELECT semver, revision FROM kb_meta WHERE id = 1 FOR UPDATE" : "SELECT semver, revision FROM kb_meta WHERE id = 1"
        for try await (semver, revision) in try await connection.query(query, logger: logger).decode((String, Int64).self) {
            return KnowledgeStamp(semver: semver, revision: Int(revision))
        }
        throw CorruptRowError(table: "kb_meta", column: "id", value: "missing row")
    }

    func isReady() async throws -> Bool {
        let migrator = self.migrator
        // A probe answers within 2 s whatever the configured deadline: an orchestrator waits for it.
        return try await database.withConnection(deadline: .seconds(2)) { connection in try await migrator.isFullyMigrated(connection) }
    }

    func loadContent() async throws -> KnowledgeContent {
        let logger = database.logger
        return try await database.withConnection { connection in try await Self.loadContent(connection, logger: logger) }
    }

    static func loadContent(_ connection: PostgresConnection, logger: Logger) async throws -> KnowledgeContent {
        try await rows(connection, logger: logger).content()
    }

    /// Every row of the knowledge tables, read by one statement.
    static func rows(_ connection: PostgresConnection, logger: Logger) async throws -> KnowledgeRows {
        let tables: [(String, String)] = [
            ("sources", "source"), ("citations", "citation"), ("populations", "population"), ("condition_codes", "condition_code"),
            ("ea_responses", "ea_response"), ("ea_response_findings", "ea_response_finding"), ("conditions", "condition"),
            ("mechanisms", "mechanism"), ("findings", "finding"), ("finding_results", "finding_result"),
            ("finding_references", "finding_reference"), ("finding_conditions", "finding_condition"),
            ("finding_mechanisms", "finding_mechanism"), ("guidelines", "guideline"), ("guideline_conditions", "guideline_condition"),
            ("guideline_findings", "guideline_finding"),
        ]
        let members = tables.map { "'\($0.0)', (SELECT coalesce(json_agg(t), '[]'::json) FROM \($0.1) t)" }.joined(separator: ", ")
        let query = PostgresQuery(
            unsafeSQL: "SELECT json_build_object('meta', (SELECT row_to_json(m) FROM kb_meta m WHERE id = 1), \(members))::text"
        )
        guard let rows = try await PostgresBackend.json(query, as: KnowledgeRows.self, on: connection, logger: logger) else {
            throw CorruptRowError(table: "kb_meta", column: "id", value: "missing row")
        }
        return rows
    }

    /// The tsquery: every word, the last one as a prefix. Words are letters and digits only
    /// (`SearchQuery.words`), so the text cannot carry tsquery operators.
    static func tsquery(_ words: [String]) -> String {
        words.enumerated().map { index, word in index == words.count - 1 ? "'\(word)':*" : "'\(word)'" }.joined(separator: " & ")
    }

    func search(_ query: SearchQuery) async throws -> SearchResults {
        let logger = database.logger
        let tsquery = Self.tsquery(query.words)
        let kind = query.kind?.rawValue
        let limit = query.limit + 1
        let offset = query.offset
        return try await database.withConnection { connection in
            // ts_rank with weights {D, C, B, A}: a title match counts 5 times a body match, as
            // FTS5's bm25 weights (5.0, 1.0) do; normalisation 1 divides by the log of the length.
            let rows = try await connection.query(
                """
                WITH q AS (SELECT to_tsquery('english', \(tsquery)) AS query)
                SELECT kind, ref, title,
                       CASE WHEN to_tsvector('english', body) @@ q.query
                            THEN ts_headline('english', body, q.query,
                                 'StartSel=<mark>, StopSel=</mark>, MaxWords=16, MinWords=8, ShortWord=2, MaxFragments=1, FragmentDelimiter=" … "')
                            ELSE ts_headline('english', title, q.query, 'StartSel=<mark>, StopSel=</mark>, HighlightAll=true')
                       END AS snippet,
                       ts_rank('{0, 0, 0.2, 1.0}', document, q.query, 1)::float8 AS rank
                FROM search_index, q
                WHERE document @@ q.query AND (\(kind)::text IS NULL OR kind = \(kind))
                ORDER BY rank DESC, kind, ref
                LIMIT \(limit) OFFSET \(offset)
                """,
                logger: logger
            )
            var hits: [SearchResults.Hit] = []
            for try await (kind, ref, title, snippet, rank) in rows.decode((String, String, String, String, Double).self) {
                hits.append(
                    SearchResults.Hit(
                        kind: try CorruptRowError.decode(ItemKind.self, kind, table: "search_index", column: "kind"),
                        id: ref,
                        title: title,
                        snippet: snippet,
                        score: rank
                    )
                )
            }
            let stamp = try await Self.stamp(connection, logger: logger)
            return SearchResults(hits: Array(hits.prefix(query.limit)), hasMore: hits.count > query.limit, stamp: stamp)
        }
    }
}
