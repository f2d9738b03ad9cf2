import AnalgesiaKnowledge
import Foundation

/// Every row of the knowledge tables as one consistent read returns it, and the domain content
/// assembled from them. Each backend reads the rows its own way; the assembly is shared, so both
/// backends serve the same content from the same rows.
struct KnowledgeRows: Decodable, Sendable {
    var meta: KBMetaRecord
    var sources: [SourceRecord]
    var citations: [CitationRecord]
    var populations: [PopulationRecord]
    var conditionCodes: [ConditionCodeRecord]
    var eaResponses: [EAResponseRecord]
    var eaResponseFindings: [EAResponseFindingRecord]
    /// Live and deleted items alike; deleted ones become `deletedKeys`.
    var conditions: [ConditionRecord]
    var mechanisms: [MechanismRecord]
    var findings: [FindingRecord]
    var findingResults: [FindingResultRecord]
    var findingReferences: [FindingReferenceRecord]
    var findingConditions: [FindingConditionRecord]
    var findingMechanisms: [FindingMechanismRecord]
    var guidelines: [GuidelineRecord]
    var guidelineConditions: [GuidelineConditionRecord]
    var guidelineFindings: [GuidelineFindingRecord]

    /// The live content: every item not deleted, and the keys of the deleted ones.
    func content() throws -> KnowledgeContent {
        var deleted = Set<String>()
        deleted.formUnion(conditions.filter { $0.deletedAt != nil }.map { "condition/\($0.slug)" })
        deleted.formUnion(mechanisms.filter { $0.deletedAt != nil }.map { "mechanism/\($0.slug)" })
        deleted.formUnion(findings.filter { $0.deletedAt != nil }.map { "finding/\($0.id)" })
        deleted.formUnion(guidelines.filter { $0.deletedAt != nil }.map { "guideline/\($0.slug)" })
        var content = try items(deleted: false)
        content.deletedKeys = deleted
        return content
    }

    /// The deleted items as they were when deleted (tombstones keep their last content), with
    /// the tombstone's version.
    func deletedItems() throws -> [CuratedItem] {
        let content = try items(deleted: true)
        return content.conditions.map { .condition($0) } + content.mechanisms.map { .mechanism($0) }
            + content.findings.map { .finding($0) } + content.guidelines.map { .guideline($0) }
    }

    // swiftlint:disable:next function_body_length
    private func items(deleted: Bool) throws -> KnowledgeContent {
        let sources = try self.sources.sorted { $0.id < $1.id }.map { record in
            Source(
                id: record.id,
                kind: record.kind,
                citation: record.citation,
                authors: try CorruptRowError.jsonArray(record.authors, table: "source", column: "authors"),
                title: record.title,
                journal: record.journal,
                year: record.year,
                volume: record.volume,
                pages: record.pages,
                doi: record.doi,
                url: record.url
            )
        }
        let citations = self.citations.sorted { ($0.sourceId, $0.refNumber) < ($1.sourceId, $1.refNumber) }.map {
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
        let populations = self.populations.sorted { $0.slug < $1.slug }.map {
            Population(
                slug: $0.slug,
                name: $0.name,
                description: $0.description,
                isReference: $0.isReference,
                conditionSlug: $0.conditionSlug
            )
        }

        let codes = Dictionary(grouping: conditionCodes.sorted { ($0.system, $0.code) < ($1.system, $1.code) }, by: \.conditionSlug)
        let eaFindings = Dictionary(
            grouping: eaResponseFindings.sorted { $0.findingId < $1.findingId },
            by: { "\($0.conditionSlug)|\($0.exerciseType)|\($0.site)" }
        )
        let eaCells = Dictionary(grouping: eaResponses.sorted { ($0.exerciseType, $0.site) < ($1.exerciseType, $1.site) }, by: \.conditionSlug)
        let conditions = try self.conditions.filter { ($0.deletedAt != nil) == deleted }.sorted { $0.slug < $1.slug }.map { record in
            Condition(
                slug: record.slug,
                name: record.name,
                summary: record.summary,
                synonyms: try CorruptRowError.jsonArray(record.synonyms, table: "condition", column: "synonyms"),
                codes: try (codes[record.slug] ?? []).map { code in
                    ConditionCode(
                        system: try CorruptRowError.decode(CodeSystem.self, code.system, table: "condition_code", column: "system"),
                        code: code.code,
                        display: code.display,
                        match: try CorruptRowError.decode(CodeMatch.self, code.match, table: "condition_code", column: "match"),
                        scope: try CorruptRowError.decode(CodeScope.self, code.scope, table: "condition_code", column: "scope"),
                        caveat: code.caveat
                    )
                },
                centralSensitization: record.centralSensitization,
                centralSensitizationNote: record.centralSensitizationNote,
                eaSummary: record.eaSummary,
                eaStatements: try (eaCells[record.slug] ?? []).map { cell in
                    EAStatement(
                        exerciseType: try CorruptRowError.decode(
                            ExerciseType.self, cell.exerciseType, table: "ea_response", column: "exercise_type"),
                        site: try CorruptRowError.decode(Site.self, cell.site, table: "ea_response", column: "site"),
                        response: try CorruptRowError.decode(PainResponse.self, cell.response, table: "ea_response", column: "response"),
                        evidenceBasis: try CorruptRowError.decode(
                            EvidenceBasis.self, cell.evidenceBasis, table: "ea_response", column: "evidence_basis"),
                        rationale: cell.rationale,
                        findingIDs: (eaFindings["\(cell.conditionSlug)|\(cell.exerciseType)|\(cell.site)"] ?? []).map(\.findingId),
                        locator: try CorruptRowError.locator(cell.locator, table: "ea_response"),
                        qualifier: cell.qualifier
                    )
                },
                caution: record.caution,
                sourceID: record.sourceId,
                version: record.version
            )
        }

        let mechanisms = try self.mechanisms.filter { ($0.deletedAt != nil) == deleted }.sorted { $0.slug < $1.slug }.map {
            Mechanism(
                slug: $0.slug,
                name: $0.name,
                summary: $0.summary,
                verdict: try CorruptRowError.decode(Verdict.self, $0.verdict, table: "mechanism", column: "verdict"),
                verdictRationale: $0.verdictRationale,
                locator: try CorruptRowError.locator($0.locator, table: "mechanism"),
                basis: try $0.basis.map { try CorruptRowError.decode(ClaimBasis.self, $0, table: "mechanism", column: "basis") },
                sourceID: $0.sourceId,
                version: $0.version
            )
        }

        let results = Dictionary(grouping: findingResults.sorted { $0.ordinal < $1.ordinal }, by: \.findingId)
        let references = Dictionary(grouping: findingReferences.sorted { $0.refNumber < $1.refNumber }, by: \.findingId)
        let linkedConditions = Dictionary(grouping: findingConditions.sorted { $0.conditionSlug < $1.conditionSlug }, by: \.findingId)
        let linkedMechanisms = Dictionary(grouping: findingMechanisms.sorted { $0.mechanismSlug < $1.mechanismSlug }, by: \.findingId)
        let findings = try self.findings.filter { ($0.deletedAt != nil) == deleted }.sorted { $0.id < $1.id }.map { record in
            Finding(
                id: record.id,
                title: record.title,
                summary: record.summary,
                evidenceStatus: try CorruptRowError.decode(
                    EvidenceStatus.self, record.evidenceStatus, table: "finding", column: "evidence_status"),
                studyDesign: record.studyDesign,
                namedAuthors: record.namedAuthors,
                exercise: ExerciseProtocol(
                    type: try record.exerciseType.map {
                        try CorruptRowError.decode(FindingExerciseType.self, $0, table: "finding", column: "exercise_type")
                    },
                    description: record.protocol,
                    muscles: try CorruptRowError.jsonArray(record.muscles, table: "finding", column: "muscles"),
                    intensity: record.intensity,
                    duration: record.duration
                ),
                measures: try CorruptRowError.jsonArray(record.measures, table: "finding", column: "measures"),
                measurementSites: try CorruptRowError.jsonArray(record.measurementSites, table: "finding", column: "measurement_sites"),
                results: try (results[record.id] ?? []).map { result in
                    FindingResult(
                        populationSlug: result.populationSlug,
                        site: try CorruptRowError.decode(Site.self, result.site, table: "finding_result", column: "site"),
                        response: try result.response.map {
                            try CorruptRowError.decode(PainResponse.self, $0, table: "finding_result", column: "response")
                        },
                        outcome: result.outcome
                    )
                },
                referenceNumbers: (references[record.id] ?? []).map(\.refNumber),
                conditionSlugs: (linkedConditions[record.id] ?? []).map(\.conditionSlug),
                mechanismLinks: try (linkedMechanisms[record.id] ?? []).map { link in
                    MechanismLink(
                        mechanismSlug: link.mechanismSlug,
                        relation: try CorruptRowError.decode(
                            MechanismRelation.self, link.relation, table: "finding_mechanism", column: "relation")
                    )
                },
                locator: try CorruptRowError.locator(record.locator, table: "finding"),
                basis: try record.basis.map { try CorruptRowError.decode(ClaimBasis.self, $0, table: "finding", column: "basis") },
                sourceID: record.sourceId,
                version: record.version
            )
        }

        let guidelineConditions = Dictionary(
            grouping: self.guidelineConditions.sorted { $0.conditionSlug < $1.conditionSlug }, by: \.guidelineSlug)
        let guidelineFindings = Dictionary(grouping: self.guidelineFindings.sorted { $0.findingId < $1.findingId }, by: \.guidelineSlug)
        let guidelines = try self.guidelines.filter { ($0.deletedAt != nil) == deleted }.sorted { $0.slug < $1.slug }.map { record in
            Guideline(
                slug: record.slug,
                title: record.title,
                advice: record.advice,
                rationale: record.rationale,
                kind: try CorruptRowError.decode(GuidelineKind.self, record.kind, table: "guideline", column: "kind"),
                origin: try CorruptRowError.decode(GuidelineOrigin.self, record.origin, table: "guideline", column: "origin"),
                tablePosition: record.tablePosition,
                evidenceLevel: try CorruptRowError.decode(
                    EvidenceLevel.self, record.evidenceLevel, table: "guideline", column: "evidence_level"),
                conditionSlugs: (guidelineConditions[record.slug] ?? []).map(\.conditionSlug),
                findingIDs: (guidelineFindings[record.slug] ?? []).map(\.findingId),
                locator: try CorruptRowError.locator(record.locator, table: "guideline"),
                sourceID: record.sourceId,
                version: record.version
            )
        }

        return KnowledgeContent(
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
    }
}
