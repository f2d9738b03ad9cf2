import AnalgesiaKnowledge
import Foundation

/// `/recommend`: the profile form (filled from the query string) and, when conditions are given,
/// the advice: what to confirm, expected responses with what they rest on, grading with its
/// reason, each recommendation with its evidence, research hypotheses, and the rule trace folded
/// under a heading.
struct RecommendPageModel: PageModel {
    struct Option {
        var value: String
        var label: String
        var checked: Bool
    }

    struct Response {
        var type: String
        var response: String
        var symbol: String
        var label: String
        var basis: String
    }

    struct Grading {
        var decision: String
        var reason: String
        var note: String?
        var locator: String
        var basis: String
    }

    struct Item {
        var action: String
        var text: String
        var guideline: String
        var guidelineTitle: String
        var locator: String
        var basis: String
        var references: String?
        var note: String?
    }

    struct Research {
        var guideline: String
        var title: String
        var text: String
    }

    struct TraceLine {
        var rule: String
        var fired: Bool
        var locator: String
        var reason: String
    }

    struct Result {
        var conditionNames: String
        var profileSummary: String
        /// Cautions beyond the review (ME/CFS guidance, for example), shown above everything else,
        /// whatever the grading decision.
        var hasCautions: Bool
        var cautions: [String]
        var hasCaveats: Bool
        var caveats: [String]
        var responses: [Response]
        var grading: Grading
        var recommendations: [Item]
        var hasResearch: Bool
        var research: [Research]
        var trace: [TraceLine]
        var ruleSetVersion: String
    }

    /// One patient as the query string gives it.
    struct Query: Sendable {
        var conditions: [String] = []
        var painfulRegions: [BodyRegion] = []
        var phase: TherapyPhase = .initiation
        var flare: FlareSeverity = .none
        var painTrend: PainTrend = .stable
        var factors: [CognitiveEmotionalFactor] = []
        var medications: [MedicationClass] = []
    }

    var chrome: PageChrome
    var conditionOptions: [Option]
    /// Coded tokens from the query, kept in the form so that a resubmit keeps them.
    var codedInputs: [String]
    var regionOptions: [Option]
    var phaseOptions: [Option]
    var flareOptions: [Option]
    var trendOptions: [Option]
    var factorOptions: [Option]
    var medicationOptions: [Option]
    var hasProblems: Bool
    var problems: [String]
    var hasSuggestions: Bool
    var suggestions: [String]
    var advice: Result?

    init(query: Query, knowledge: KnowledgeBase, resolution: ConditionResolution?, advice: Advice?, jsonHref: String) {
        chrome = PageChrome(title: "Tailored advice", kbVersion: knowledge.version, jsonHref: jsonHref, jsonLabel: "The same advice as JSON")
        let resolvedSlugs = Set(resolution?.conditions.map(\.condition.slug) ?? [])
        conditionOptions = knowledge.conditions.map {
            Option(value: $0.slug, label: $0.name, checked: resolvedSlugs.contains($0.slug) || query.conditions.contains($0.slug))
        }
        codedInputs = query.conditions.filter { $0.contains("|") }
        regionOptions = BodyRegion.allCases.map {
            Option(value: $0.rawValue, label: PageText.words($0.rawValue), checked: query.painfulRegions.contains($0))
        }
        phaseOptions = TherapyPhase.allCases.map { Option(value: $0.rawValue, label: PageText.words($0.rawValue), checked: $0 == query.phase) }
        flareOptions = FlareSeverity.allCases.map { Option(value: $0.rawValue, label: PageText.words($0.rawValue), checked: $0 == query.flare) }
        trendOptions = PainTrend.allCases.map { Option(value: $0.rawValue, label: PageText.words($0.rawValue), checked: $0 == query.painTrend) }
        factorOptions = CognitiveEmotionalFactor.allCases.map {
            Option(value: $0.rawValue, label: PageText.words($0.rawValue), checked: query.factors.contains($0))
        }
        medicationOptions = MedicationClass.allCases.map {
            Option(value: $0.rawValue, label: $0.rawValue.count <= 4 ? $0.rawValue.uppercased() : PageText.words($0.rawValue), checked: query.medications.contains($0))
        }
        problems = (resolution?.problems ?? []).map { "Condition \($0.index + 1): \($0.reason)" }
        hasProblems = !problems.isEmpty
        suggestions = resolution?.suggestions ?? []
        hasSuggestions = !suggestions.isEmpty
        guard let advice, let resolution else {
            self.advice = nil
            return
        }
        let names = Dictionary(knowledge.conditions.map { ($0.slug, $0.name) }, uniquingKeysWith: { first, _ in first })
        let guidelineTitles = Dictionary(knowledge.guidelines.map { ($0.slug, $0.title) }, uniquingKeysWith: { first, _ in first })
        let caveats = resolution.conditions.compactMap(\.namedCaveat)
        self.advice = Result(
            conditionNames: RecommendationEngine.names(resolution.conditions.map(\.condition)),
            profileSummary: Self.summary(query),
            hasCautions: !advice.cautions.isEmpty,
            cautions: advice.cautions,
            hasCaveats: !caveats.isEmpty,
            caveats: caveats,
            responses: advice.expectedResponses.filter { $0.site == .any || $0.response != .unknown }.map { expected in
                Response(
                    type: PageText.exercise(expected.exerciseType) + (expected.site == .any ? "" : ", \(PageText.site(expected.site))"),
                    response: expected.response.rawValue,
                    symbol: PageText.symbol(expected.response),
                    label: PageText.label(expected.response),
                    basis: expected.conditions.filter { $0.response == expected.response }.map { response in
                        var text = "\(names[response.condition] ?? response.condition): "
                            + PageText.shortBasis(response.basis, references: response.references)
                        if let qualifier = response.qualifier { text += " (\(qualifier))" }
                        return text
                    }.joined(separator: "; ")
                )
            },
            grading: Grading(
                decision: advice.grading.decision.rawValue,
                reason: advice.grading.reason,
                note: advice.grading.note,
                locator: advice.grading.locator.label,
                basis: advice.grading.basis.label
            ),
            recommendations: advice.recommendations.map {
                Item(
                    action: $0.action.rawValue,
                    text: $0.text,
                    guideline: $0.guideline,
                    guidelineTitle: guidelineTitles[$0.guideline] ?? $0.guideline,
                    locator: $0.locator.label,
                    basis: $0.basis.label,
                    references: $0.references.isEmpty ? nil : PageText.list($0.references),
                    note: $0.note
                )
            },
            hasResearch: !advice.researchHypotheses.isEmpty,
            research: advice.researchHypotheses.map { Research(guideline: $0.guideline, title: $0.title, text: $0.text) },
            trace: advice.trace.map { TraceLine(rule: $0.rule, fired: $0.fired, locator: $0.locator.label, reason: $0.reason) },
            ruleSetVersion: advice.ruleSetVersion
        )
    }

    /// The profile in words, for the printed page.
    static func summary(_ query: Query) -> String {
        var parts = ["phase \(query.phase.rawValue)", "flare \(query.flare.rawValue)", "pain \(query.painTrend.rawValue)"]
        if !query.painfulRegions.isEmpty { parts.insert("painful: \(query.painfulRegions.map(\.rawValue).joined(separator: ", "))", at: 0) }
        if !query.factors.isEmpty { parts.append("factors: \(query.factors.map(\.rawValue).joined(separator: ", "))") }
        if !query.medications.isEmpty { parts.append("medications: \(query.medications.map(\.rawValue).joined(separator: ", "))") }
        return parts.joined(separator: "; ")
    }

    /// The query string that reproduces this profile (for links such as a CDS card's).
    static func queryString(_ query: Query) -> String {
        var items = query.conditions.map { "conditions=\(PageText.queryValue($0))" }
        items += query.painfulRegions.map { "painfulRegions=\($0.rawValue)" }
        items += ["phase=\(query.phase.rawValue)", "flare=\(query.flare.rawValue)", "painTrend=\(query.painTrend.rawValue)"]
        items += query.factors.map { "cognitiveEmotionalFactors=\($0.rawValue)" }
        items += query.medications.map { "medications=\($0.rawValue)" }
        return items.joined(separator: "&")
    }
}
