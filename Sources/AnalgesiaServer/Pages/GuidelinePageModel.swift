import AnalgesiaKnowledge
import Foundation

/// `/guidelines/{slug}`: the advice, why, what it rests on and where in the review, with its
/// conditions and findings; research hypotheses say they are not advice.
struct GuidelinePageModel: PageModel {
    struct Link {
        var slug: String
        var name: String
    }

    struct FindingLink {
        var id: String
        var title: String
    }

    var chrome: PageChrome
    var title: String
    var advice: String
    var rationale: String
    var research: Bool
    var basisLabel: String
    var locator: String?
    var references: String?
    var hasConditions: Bool
    var conditions: [Link]
    /// The cautions beyond the review of the conditions it is linked to (the `cautions` partial).
    var hasCautions: Bool
    var cautions: [String]
    var hasFindings: Bool
    var findings: [FindingLink]

    init(_ guideline: Guideline, knowledge: KnowledgeBase) {
        chrome = PageChrome(title: guideline.title, kbVersion: knowledge.version, jsonHref: "/v1/guidelines/\(guideline.slug)")
        title = guideline.title
        advice = guideline.advice
        rationale = guideline.rationale
        research = guideline.kind == .researchHypothesis
        basisLabel = guideline.basis.label.prefix(1).uppercased() + guideline.basis.label.dropFirst()
        locator = guideline.locator?.label
        let numbers = knowledge.referenceNumbers(forGuideline: guideline)
        references = numbers.isEmpty ? nil : PageText.list(numbers)
        let linked = guideline.conditionSlugs.compactMap(knowledge.condition)
        conditions = linked.map { Link(slug: $0.slug, name: $0.name) }
        hasConditions = !conditions.isEmpty
        cautions = knowledge.cautions(ofConditions: guideline.conditionSlugs)
        hasCautions = !cautions.isEmpty
        findings = guideline.findingIDs.compactMap(knowledge.finding).map { FindingLink(id: $0.id, title: $0.title) }
        hasFindings = !findings.isEmpty
    }
}
