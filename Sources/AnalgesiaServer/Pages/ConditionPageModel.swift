import AnalgesiaKnowledge
import Foundation

/// `/conditions/{slug}`: the EA profile as a grid (exercise type × site), with each cell's
/// response in symbol and words, what it rests on and the review's hedge; codes with their scope;
/// findings and guidelines.
struct ConditionPageModel: PageModel {
    struct Cell {
        var response: String
        var symbol: String
        var label: String
        var basis: String
        var basisLabel: String
        var qualifier: String?
        var locator: String?
    }

    struct Row {
        var type: String
        var cells: [Cell]
    }

    struct Code {
        var system: String
        var code: String
        var display: String
        var prefix: Bool
        var scope: String
        var caveat: String?
    }

    struct FindingLink {
        var id: String
        var title: String
        var status: String
    }

    struct GuidelineLink {
        var slug: String
        var title: String
        var research: Bool
    }

    var chrome: PageChrome
    var slug: String
    var name: String
    var summary: String
    /// What a clinician must know beyond the review (current ME/CFS guidance, for example), as
    /// the `cautions` partial shows it.
    var hasCautions: Bool
    var cautions: [String]
    var synonyms: String?
    var centralSensitization: String
    var eaSummary: String
    var grid: [Row]
    var codes: [Code]
    var findings: [FindingLink]
    var guidelines: [GuidelineLink]

    init(_ condition: Condition, knowledge: KnowledgeBase) {
        chrome = PageChrome(title: condition.name, kbVersion: knowledge.version, jsonHref: "/v1/conditions/\(condition.slug)")
        slug = condition.slug
        name = condition.name
        summary = condition.summary
        cautions = condition.caution.map { [$0] } ?? []
        hasCautions = !cautions.isEmpty
        synonyms = condition.synonyms.isEmpty ? nil : condition.synonyms.joined(separator: ", ")
        centralSensitization =
            (condition.centralSensitization ? "characteristic. " : "not characteristic. ") + condition.centralSensitizationNote
        eaSummary = condition.eaSummary
        let profile = knowledge.eaProfile(of: condition.slug)
        grid = ExerciseType.allCases.map { type in
            Row(
                type: PageText.exercise(type),
                cells: Site.allCases.compactMap { site in
                    profile.first { $0.exerciseType == type && $0.site == site }.map { cell in
                        Cell(
                            response: cell.response.rawValue,
                            symbol: PageText.symbol(cell.response),
                            label: PageText.label(cell.response),
                            basis: cell.basis.rawValue,
                            basisLabel: PageText.shortBasis(cell.basis, references: cell.references),
                            qualifier: cell.qualifier,
                            locator: cell.locator?.label
                        )
                    }
                }
            )
        }
        codes = condition.codes.map {
            Code(
                system: Self.systemName($0.system),
                code: $0.code,
                display: $0.display,
                prefix: $0.match == .prefix,
                scope: $0.scope.rawValue,
                caveat: $0.caveat
            )
        }
        findings = knowledge.findingIDs(forCondition: condition.slug).compactMap(knowledge.finding).map {
            FindingLink(id: $0.id, title: $0.title, status: PageText.words($0.evidenceStatus.rawValue))
        }
        guidelines = knowledge.guidelineSlugs(forCondition: condition.slug).compactMap(knowledge.guideline).map {
            GuidelineLink(slug: $0.slug, title: $0.title, research: $0.kind == .researchHypothesis)
        }
    }

    static func systemName(_ system: CodeSystem) -> String {
        switch system {
        case .snomedCT: "SNOMED CT"
        case .icd10CM: "ICD-10-CM"
        case .icd10: "ICD-10 (WHO)"
        }
    }
}
