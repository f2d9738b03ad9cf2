import AnalgesiaKnowledge
import Foundation
import GRDB

/// Where the knowledge lives. Handlers and the knowledge store depend on this protocol; the
/// application builder picks the implementation.
protocol KnowledgeRepository: Sendable {
    /// Everything, as one consistent read.
    func loadContent() async throws -> KnowledgeContent
    /// The stamp that changes whenever the knowledge does.
    func stamp() async throws -> KnowledgeStamp
    /// Ranked full-text search.
    func search(_ query: SearchQuery) async throws -> SearchResults
    /// Whether every migration is applied and the database answers.
    func isReady() async throws -> Bool
}

/// What identifies a state of the stored knowledge.
struct KnowledgeStamp: Sendable, Hashable {
    var semver: String
    var revision: Int
}

/// A full-text query: words that must all match (the last as a prefix).
struct SearchQuery: Sendable, Hashable {
    var words: [String]
    var kind: ItemKind?
    var offset: Int
    var limit: Int

    /// Splits free text into searchable words (letters and digits); punctuation and FTS5
    /// operators are dropped, so user input can never break the MATCH syntax.
    static func words(in text: String, maximum: Int = 16) -> [String] {
        text.lowercased()
            .split(whereSeparator: { !($0.isLetter || $0.isNumber) })
            .prefix(maximum)
            .map(String.init)
    }

    /// The FTS5 MATCH expression: every word quoted, the last one as a prefix.
    var matchExpression: String {
        words.enumerated().map { index, word in
            index == words.count - 1 ? "\"\(word)\"*" : "\"\(word)\""
        }.joined(separator: " ")
    }
}

/// One page of search hits, with the stamp of the knowledge that answered.
struct SearchResults: Sendable {
    struct Hit: Sendable, Hashable {
        var kind: ItemKind
        var id: String
        var title: String
        var snippet: String
        var score: Double
    }

    var hits: [Hit]
    var hasMore: Bool
    var stamp: KnowledgeStamp
}

/// The GRDB implementation over the SQLite store.
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

    func search(_ query: SearchQuery) async throws -> SearchResults {
        try await database.read { db in
            var sql = """
                SELECT kind, ref, title,
                       snippet(search_index, -1, '<mark>', '</mark>', '…', 16) AS snippet,
                       bm25(search_index, 0.0, 0.0, 5.0, 1.0) AS rank
                FROM search_index
                WHERE search_index MATCH ?
                """
            var arguments: StatementArguments = [query.matchExpression]
            if let kind = query.kind {
                sql += " AND kind = ?"
                _ = arguments.append(contentsOf: [kind.rawValue])
            }
            sql += " ORDER BY rank, kind, ref LIMIT ? OFFSET ?"
            _ = arguments.append(contentsOf: [query.limit + 1, query.offset])
            let rows = try Row.fetchAll(db, sql: sql, arguments: arguments)
            let hits = try rows.prefix(query.limit).map { row in
                SearchResults.Hit(
                    kind: try decodeVocabulary(ItemKind.self, row["kind"], table: "search_index", column: "kind"),
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

    // swiftlint:disable:next function_body_length
    static func loadContent(_ db: Database) throws -> KnowledgeContent {
        let meta = try stamp(db)
        let sources = try SourceRecord.order(Column("id")).fetchAll(db).map { record in
            Source(
                id: record.id,
                kind: record.kind,
                citation: record.citation,
                authors: try decodeJSONArray(record.authors, table: "source", column: "authors"),
                title: record.title,
                journal: record.journal,
                year: record.year,
                volume: record.volume,
                pages: record.pages,
                doi: record.doi,
                url: record.url
            )
        }
        let citations = try CitationRecord.order(Column("source_id"), Column("ref_number")).fetchAll(db).map {
            Citation(
                sourceID: $0.sourceId,
                refNumber: $0.refNumber,
                firstAuthor: $0.firstAuthor,
                year: $0.year,
                title: $0.title,
                journal: $0.journal,
                volumePages: $0.volumePages,
                doi: $0.doi,
                pmid: $0.pmid,
                matchBasis: $0.matchBasis
            )
        }
        let populations = try PopulationRecord.order(Column("slug")).fetchAll(db).map {
            Population(
                slug: $0.slug,
                name: $0.name,
                description: $0.description,
                isReference: $0.isReference,
                conditionSlug: $0.conditionSlug
            )
        }

        let codes = Dictionary(grouping: try ConditionCodeRecord.order(Column("system"), Column("code")).fetchAll(db), by: \.conditionSlug)
        let eaFindings = Dictionary(
            grouping: try EAResponseFindingRecord.order(Column("finding_id")).fetchAll(db),
            by: { "\($0.conditionSlug)|\($0.exerciseType)|\($0.site)" }
        )
        let eaResponses = Dictionary(grouping: try EAResponseRecord.order(Column("exercise_type"), Column("site")).fetchAll(db), by: \.conditionSlug)
        let conditions = try ConditionRecord.filter(sql: "deleted_at IS NULL").order(Column("slug")).fetchAll(db).map { record in
            Condition(
                slug: record.slug,
                name: record.name,
                summary: record.summary,
                synonyms: try decodeJSONArray(record.synonyms, table: "condition", column: "synonyms"),
                codes: try (codes[record.slug] ?? []).map { code in
                    ConditionCode(
                        system: try decodeVocabulary(CodeSystem.self, code.system, table: "condition_code", column: "system"),
                        code: code.code,
                        display: code.display,
                        match: try decodeVocabulary(CodeMatch.self, code.match, table: "condition_code", column: "match"),
                        scope: try decodeVocabulary(CodeScope.self, code.scope, table: "condition_code", column: "scope"),
                        caveat: code.caveat
                    )
                },
                centralSensitization: record.centralSensitization,
                centralSensitizationNote: record.centralSensitizationNote,
                eaSummary: record.eaSummary,
                eaStatements: try (eaResponses[record.slug] ?? []).map { cell in
                    EAStatement(
                        exerciseType: try decodeVocabulary(ExerciseType.self, cell.exerciseType, table: "ea_response", column: "exercise_type"),
                        site: try decodeVocabulary(Site.self, cell.site, table: "ea_response", column: "site"),
                        response: try decodeVocabulary(PainResponse.self, cell.response, table: "ea_response", column: "response"),
                        evidenceBasis: try decodeVocabulary(EvidenceBasis.self, cell.evidenceBasis, table: "ea_response", column: "evidence_basis"),
                        rationale: cell.rationale,
                        findingIDs: (eaFindings["\(cell.conditionSlug)|\(cell.exerciseType)|\(cell.site)"] ?? []).map(\.findingId),
                        locator: try decodeLocator(cell.locator, table: "ea_response"),
                        qualifier: cell.qualifier
                    )
                },
                caution: record.caution,
                sourceID: record.sourceId,
                version: record.version
            )
        }

        let mechanisms = try MechanismRecord.filter(sql: "deleted_at IS NULL").order(Column("slug")).fetchAll(db).map {
            Mechanism(
                slug: $0.slug,
                name: $0.name,
                summary: $0.summary,
                verdict: try decodeVocabulary(Verdict.self, $0.verdict, table: "mechanism", column: "verdict"),
                verdictRationale: $0.verdictRationale,
                locator: try decodeLocator($0.locator, table: "mechanism"),
                basis: try $0.basis.map { try decodeVocabulary(ClaimBasis.self, $0, table: "mechanism", column: "basis") },
                sourceID: $0.sourceId,
                version: $0.version
            )
        }

        let results = Dictionary(grouping: try FindingResultRecord.order(Column("finding_id"), Column("ordinal")).fetchAll(db), by: \.findingId)
        let references = Dictionary(grouping: try FindingReferenceRecord.order(Column("ref_number")).fetchAll(db), by: \.findingId)
        let findingConditions = Dictionary(grouping: try FindingConditionRecord.order(Column("condition_slug")).fetchAll(db), by: \.findingId)
        let findingMechanisms = Dictionary(grouping: try FindingMechanismRecord.order(Column("mechanism_slug")).fetchAll(db), by: \.findingId)
        let findings = try FindingRecord.filter(sql: "deleted_at IS NULL").order(Column("id")).fetchAll(db).map { record in
            Finding(
                id: record.id,
                title: record.title,
                summary: record.summary,
                evidenceStatus: try decodeVocabulary(EvidenceStatus.self, record.evidenceStatus, table: "finding", column: "evidence_status"),
                studyDesign: record.studyDesign,
                namedAuthors: record.namedAuthors,
                exercise: ExerciseProtocol(
                    type: try record.exerciseType.map {
                        try decodeVocabulary(FindingExerciseType.self, $0, table: "finding", column: "exercise_type")
                    },
                    description: record.protocol,
                    muscles: try decodeJSONArray(record.muscles, table: "finding", column: "muscles"),
                    intensity: record.intensity,
                    duration: record.duration
                ),
                measures: try decodeJSONArray(record.measures, table: "finding", column: "measures"),
                measurementSites: try decodeJSONArray(record.measurementSites, table: "finding", column: "measurement_sites"),
                results: try (results[record.id] ?? []).map { result in
                    FindingResult(
                        populationSlug: result.populationSlug,
                        site: try decodeVocabulary(Site.self, result.site, table: "finding_result", column: "site"),
                        response: try result.response.map {
                            try decodeVocabulary(PainResponse.self, $0, table: "finding_result", column: "response")
                        },
                        outcome: result.outcome
                    )
                },
                referenceNumbers: (references[record.id] ?? []).map(\.refNumber),
                conditionSlugs: (findingConditions[record.id] ?? []).map(\.conditionSlug),
                mechanismLinks: try (findingMechanisms[record.id] ?? []).map { link in
                    MechanismLink(
                        mechanismSlug: link.mechanismSlug,
                        relation: try decodeVocabulary(MechanismRelation.self, link.relation, table: "finding_mechanism", column: "relation")
                    )
                },
                locator: try decodeLocator(record.locator, table: "finding"),
                basis: try record.basis.map { try decodeVocabulary(ClaimBasis.self, $0, table: "finding", column: "basis") },
                sourceID: record.sourceId,
                version: record.version
            )
        }

        let guidelineConditions = Dictionary(grouping: try GuidelineConditionRecord.order(Column("condition_slug")).fetchAll(db), by: \.guidelineSlug)
        let guidelineFindings = Dictionary(grouping: try GuidelineFindingRecord.order(Column("finding_id")).fetchAll(db), by: \.guidelineSlug)
        let guidelines = try GuidelineRecord.filter(sql: "deleted_at IS NULL").order(Column("slug")).fetchAll(db).map { record in
            Guideline(
                slug: record.slug,
                title: record.title,
                advice: record.advice,
                rationale: record.rationale,
                kind: try decodeVocabulary(GuidelineKind.self, record.kind, table: "guideline", column: "kind"),
                origin: try decodeVocabulary(GuidelineOrigin.self, record.origin, table: "guideline", column: "origin"),
                tablePosition: record.tablePosition,
                evidenceLevel: try decodeVocabulary(EvidenceLevel.self, record.evidenceLevel, table: "guideline", column: "evidence_level"),
                conditionSlugs: (guidelineConditions[record.slug] ?? []).map(\.conditionSlug),
                findingIDs: (guidelineFindings[record.slug] ?? []).map(\.findingId),
                locator: try decodeLocator(record.locator, table: "guideline"),
                sourceID: record.sourceId,
                version: record.version
            )
        }

        var deleted = Set<String>()
        for kind in ItemKind.allCases {
            let keys = try String.fetchAll(
                db,
                sql: "SELECT \(kind == .finding ? "id" : "slug") FROM \(kind.rawValue) WHERE deleted_at IS NOT NULL"
            )
            deleted.formUnion(keys.map { "\(kind.rawValue)/\($0)" })
        }
        var content = KnowledgeContent(
            semver: meta.semver,
            revision: meta.revision,
            sources: sources,
            citations: citations,
            populations: populations,
            conditions: conditions,
            mechanisms: mechanisms,
            findings: findings,
            guidelines: guidelines
        )
        content.deletedKeys = deleted
        return content
    }
}
