import AnalgesiaAPI
import AnalgesiaKnowledge
import Foundation

/// Maps the domain's vocabulary onto the generated schema enums. Both sides take their raw
/// values from the same wire vocabulary; `VocabularyTests` proves every case maps.
func wire<Domain: RawRepresentable, Schema: RawRepresentable>(_ value: Domain, as _: Schema.Type = Schema.self) -> Schema
where Domain.RawValue == String, Schema.RawValue == String {
    guard let mapped = Schema(rawValue: value.rawValue) else {
        preconditionFailure("Vocabulary drift: '\(value.rawValue)' has no \(Schema.self) case; openapi.yaml and AnalgesiaKnowledge disagree.")
    }
    return mapped
}

/// The API form of a review locator.
func wireLocator(_ locator: ReviewLocator) -> Components.Schemas.Locator {
    .init(id: locator.description, section: wire(locator.section), paragraph: locator.paragraph, item: locator.item, label: locator.label)
}

/// Builds the API representation of each item from a knowledge snapshot.
struct Representations {
    let knowledge: KnowledgeBase

    func sourceRef(_ id: String) -> Components.Schemas.SourceRef {
        let source = knowledge.source(id)
        return .init(
            id: id,
            citation: source?.citation ?? id,
            doi: source?.doi ?? "",
            url: source?.url ?? ""
        )
    }

    func condition(_ condition: Condition) -> Components.Schemas.Condition {
        .init(
            version: condition.version,
            slug: condition.slug,
            name: condition.name,
            summary: condition.summary,
            synonyms: condition.synonyms,
            codes: condition.codes.map {
                .init(system: wire($0.system), code: $0.code, display: $0.display, match: wire($0.match), scope: wire($0.scope), caveat: $0.caveat)
            },
            centralSensitization: .init(characteristic: condition.centralSensitization, note: condition.centralSensitizationNote),
            eaSummary: condition.eaSummary,
            caution: condition.caution,
            eaProfile: knowledge.eaProfile(of: condition.slug).map(eaCell),
            findings: knowledge.findingIDs(forCondition: condition.slug),
            guidelines: knowledge.guidelineSlugs(forCondition: condition.slug),
            source: sourceRef(condition.sourceID),
            links: .init(_self: "/v1/conditions/\(condition.slug)")
        )
    }

    func eaCell(_ cell: EACell) -> Components.Schemas.EACell {
        .init(
            exerciseType: wire(cell.exerciseType),
            site: wire(cell.site),
            response: wire(cell.response),
            stated: cell.stated,
            evidenceBasis: cell.evidenceBasis.map { wire($0) },
            basis: wire(cell.basis),
            qualifier: cell.qualifier,
            locator: cell.locator.map(wireLocator),
            rationale: cell.rationale,
            findings: cell.findingIDs,
            references: cell.references
        )
    }

    func mechanism(_ mechanism: Mechanism) -> Components.Schemas.Mechanism {
        .init(
            version: mechanism.version,
            slug: mechanism.slug,
            name: mechanism.name,
            summary: mechanism.summary,
            verdict: wire(mechanism.verdict),
            verdictRationale: mechanism.verdictRationale,
            locator: mechanism.locator.map(wireLocator),
            basis: mechanism.basis.map { wire($0) },
            findings: knowledge.findingLinks(forMechanism: mechanism.slug).map {
                .init(id: $0.findingID, relation: wire($0.relation))
            },
            source: sourceRef(mechanism.sourceID),
            links: .init(_self: "/v1/mechanisms/\(mechanism.slug)")
        )
    }

    func finding(_ finding: Finding) -> Components.Schemas.Finding {
        let exercise = finding.exercise
        return .init(
            version: finding.version,
            id: finding.id,
            title: finding.title,
            summary: finding.summary,
            evidenceStatus: wire(finding.evidenceStatus),
            basis: finding.basis.map { wire($0) },
            locator: finding.locator.map(wireLocator),
            studyDesign: finding.studyDesign,
            namedAuthors: finding.namedAuthors,
            exercise: exercise.isEmpty
                ? nil
                : .init(
                    _type: exercise.type.map { wire($0) },
                    _protocol: exercise.description,
                    muscles: exercise.muscles,
                    intensity: exercise.intensity,
                    duration: exercise.duration
                ),
            measures: finding.measures,
            measurementSites: finding.measurementSites,
            results: finding.results.map { result in
                let population = knowledge.population(result.populationSlug)
                return .init(
                    population: .init(
                        slug: result.populationSlug,
                        name: population?.name ?? result.populationSlug,
                        isReference: population?.isReference ?? false,
                        condition: population?.conditionSlug
                    ),
                    site: wire(result.site),
                    response: result.response.map { wire($0) },
                    outcome: result.outcome
                )
            },
            conditions: finding.conditionSlugs,
            cautions: knowledge.cautions(ofConditions: finding.conditionSlugs),
            mechanisms: finding.mechanismLinks.map { .init(slug: $0.mechanismSlug, relation: wire($0.relation)) },
            references: finding.referenceNumbers.map { number in
                .init(number: number, citation: knowledge.citation(refNumber: number).map(citation))
            },
            guidelines: knowledge.guidelineSlugs(forFinding: finding.id),
            source: sourceRef(finding.sourceID),
            links: .init(_self: "/v1/findings/\(finding.id)")
        )
    }

    func citation(_ citation: Citation) -> Components.Schemas.Citation {
        .init(
            firstAuthor: citation.firstAuthor,
            year: citation.year,
            title: citation.title,
            journal: citation.journal,
            volumePages: citation.volumePages,
            doi: citation.doi,
            pmid: citation.pmid,
            matchBasis: citation.matchBasis,
            missing: citation.missingParts.compactMap { .init(rawValue: $0) }
        )
    }

    func guideline(_ guideline: Guideline) -> Components.Schemas.Guideline {
        .init(
            version: guideline.version,
            slug: guideline.slug,
            title: guideline.title,
            advice: guideline.advice,
            rationale: guideline.rationale,
            kind: wire(guideline.kind),
            origin: wire(guideline.origin),
            tablePosition: guideline.tablePosition,
            evidenceLevel: wire(guideline.evidenceLevel),
            basis: wire(guideline.basis),
            locator: guideline.locator.map(wireLocator),
            conditions: guideline.conditionSlugs,
            cautions: knowledge.cautions(ofConditions: guideline.conditionSlugs),
            findings: guideline.findingIDs,
            references: knowledge.referenceNumbers(forGuideline: guideline),
            source: sourceRef(guideline.sourceID),
            links: .init(_self: "/v1/guidelines/\(guideline.slug)")
        )
    }

    func knowledgeBase() -> Components.Schemas.KnowledgeBase {
        .init(
            version: knowledge.version,
            semver: knowledge.semver,
            contentHash: "sha256:\(knowledge.contentHash)",
            revision: knowledge.revision,
            counts: .init(
                conditions: knowledge.conditions.count,
                mechanisms: knowledge.mechanisms.count,
                findings: knowledge.findings.count,
                guidelines: knowledge.guidelines.count
            ),
            source: sourceRef(knowledge.content.sources.first?.id ?? "")
        )
    }
}
