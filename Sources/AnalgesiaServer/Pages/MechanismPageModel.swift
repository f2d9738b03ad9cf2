import AnalgesiaKnowledge
import Foundation

/// `/mechanisms/{slug}`: the review's verdict, what it rests on, and the findings bearing on it.
struct MechanismPageModel: PageModel {
    struct FindingLink {
        var id: String
        var title: String
        var relation: String
    }

    var chrome: PageChrome
    var name: String
    var summary: String
    var verdict: String
    var rationale: String
    var basisLabel: String?
    var locator: String?
    var hasFindings: Bool
    var findings: [FindingLink]

    init(_ mechanism: Mechanism, knowledge: KnowledgeBase) {
        chrome = PageChrome(title: mechanism.name, kbVersion: knowledge.version, jsonHref: "/v1/mechanisms/\(mechanism.slug)")
        name = mechanism.name
        summary = mechanism.summary
        verdict = PageText.words(mechanism.verdict.rawValue)
        rationale = mechanism.verdictRationale
        basisLabel = mechanism.basis.map { $0.label.prefix(1).uppercased() + $0.label.dropFirst() }
        locator = mechanism.locator?.label
        findings = knowledge.findingLinks(forMechanism: mechanism.slug).compactMap { link in
            knowledge.finding(link.findingID).map { FindingLink(id: $0.id, title: $0.title, relation: PageText.words(link.relation.rawValue)) }
        }
        hasFindings = !findings.isEmpty
    }
}
