import AnalgesiaKnowledge
import Foundation

/// `/`: what the service knows, with links into every item.
struct HomePageModel: PageModel {
    struct Counts {
        var conditions: Int
        var mechanisms: Int
        var findings: Int
        var guidelines: Int
    }

    struct ConditionLink {
        var slug: String
        var name: String
        var eaSummary: String
    }

    struct MechanismLink {
        var slug: String
        var name: String
        var verdict: String
    }

    struct GuidelineLink {
        var slug: String
        var title: String
    }

    var chrome: PageChrome
    var counts: Counts
    var conditions: [ConditionLink]
    var mechanisms: [MechanismLink]
    var guidelines: [GuidelineLink]

    init(_ knowledge: KnowledgeBase) {
        chrome = PageChrome(title: "What science knows about exercise-induced analgesia", kbVersion: knowledge.version, jsonHref: "/v1/knowledge-base")
        counts = Counts(
            conditions: knowledge.conditions.count,
            mechanisms: knowledge.mechanisms.count,
            findings: knowledge.findings.count,
            guidelines: knowledge.guidelines.count
        )
        conditions = knowledge.conditions.map { ConditionLink(slug: $0.slug, name: $0.name, eaSummary: $0.eaSummary) }
        mechanisms = knowledge.mechanisms.map { MechanismLink(slug: $0.slug, name: $0.name, verdict: PageText.words($0.verdict.rawValue)) }
        guidelines = knowledge.guidelines.map { GuidelineLink(slug: $0.slug, title: $0.title) }
    }
}
