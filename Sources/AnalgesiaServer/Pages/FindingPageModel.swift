import AnalgesiaKnowledge
import Foundation

/// `/findings/{id}`: a finding with its evidence, protocol, results per population, the review's
/// references (and what each citation lacks), and links to its conditions, mechanisms and
/// guidelines.
struct FindingPageModel: PageModel {
    struct Response {
        var symbol: String
        var label: String
    }

    struct Result {
        var population: String
        var reference: Bool
        var site: String
        var response: Response?
        var outcome: String
    }

    struct Reference {
        var number: Int
        var citation: String?
        var missing: String?
    }

    struct Link {
        var slug: String
        var name: String
    }

    struct MechanismLink {
        var slug: String
        var name: String
        var relation: String
    }

    struct GuidelineLink {
        var slug: String
        var title: String
    }

    var chrome: PageChrome
    var title: String
    var summary: String
    var basisLabel: String
    var status: String
    var locator: String?
    var design: String
    var authors: String?
    var `protocol`: String?
    var measures: String?
    var sites: String?
    var hasResults: Bool
    var results: [Result]
    var hasReferences: Bool
    var references: [Reference]
    var hasConditions: Bool
    var conditions: [Link]
    /// The cautions beyond the review of the conditions it is about (the `cautions` partial).
    var hasCautions: Bool
    var cautions: [String]
    var hasMechanisms: Bool
    var mechanisms: [MechanismLink]
    var hasGuidelines: Bool
    var guidelines: [GuidelineLink]

    init(_ finding: Finding, knowledge: KnowledgeBase) {
        chrome = PageChrome(title: finding.title, kbVersion: knowledge.version, jsonHref: "/v1/findings/\(finding.id)")
        title = finding.title
        summary = finding.summary
        basisLabel = finding.basis.map { PageText.shortBasis($0, references: finding.referenceNumbers) } ?? "Not stated"
        status = PageText.words(finding.evidenceStatus.rawValue)
        locator = finding.locator?.label
        design = finding.studyDesign
        authors = finding.namedAuthors
        let exercise = finding.exercise
        let parts = [exercise.description, exercise.intensity, exercise.duration].compactMap { $0 }
            + (exercise.muscles.isEmpty ? [] : ["muscles: " + exercise.muscles.joined(separator: ", ")])
        `protocol` = parts.isEmpty ? nil : parts.joined(separator: "; ")
        measures = finding.measures.isEmpty ? nil : finding.measures.joined(separator: ", ")
        sites = finding.measurementSites.isEmpty ? nil : finding.measurementSites.joined(separator: ", ")
        results = finding.results.map { result in
            let population = knowledge.population(result.populationSlug)
            return Result(
                population: population?.name ?? result.populationSlug,
                reference: population?.isReference ?? false,
                site: PageText.site(result.site),
                response: result.response.map { Response(symbol: PageText.symbol($0), label: PageText.label($0)) },
                outcome: result.outcome
            )
        }
        hasResults = !results.isEmpty
        references = finding.referenceNumbers.map { number in
            let citation = knowledge.citation(refNumber: number)
            return Reference(
                number: number,
                citation: citation.map { citation in
                    [citation.firstAuthor, "\(citation.year)", citation.title, citation.journal, citation.volumePages]
                        .compactMap { $0 }.joined(separator: ". ")
                        + (citation.doi.map { ". doi:\($0)" } ?? "") + (citation.pmid.map { ". PMID \($0)" } ?? "")
                },
                missing: citation.flatMap { $0.missingParts.isEmpty ? nil : "\($0.missingParts.joined(separator: " and ")) not recorded" }
            )
        }
        hasReferences = !references.isEmpty
        let linked = finding.conditionSlugs.compactMap(knowledge.condition)
        conditions = linked.map { Link(slug: $0.slug, name: $0.name) }
        hasConditions = !conditions.isEmpty
        cautions = knowledge.cautions(ofConditions: finding.conditionSlugs)
        hasCautions = !cautions.isEmpty
        mechanisms = finding.mechanismLinks.compactMap { link in
            knowledge.mechanism(link.mechanismSlug).map {
                MechanismLink(slug: $0.slug, name: $0.name, relation: PageText.words(link.relation.rawValue))
            }
        }
        hasMechanisms = !mechanisms.isEmpty
        guidelines = knowledge.guidelineSlugs(forFinding: finding.id).compactMap(knowledge.guideline).map {
            GuidelineLink(slug: $0.slug, title: $0.title)
        }
        hasGuidelines = !guidelines.isEmpty
    }
}
