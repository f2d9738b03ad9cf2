import AnalgesiaAPI
import AnalgesiaKnowledge
import Foundation
import OpenAPIRuntime

/// Turns the engine's advice into CDS Hooks cards. Optional fields are left out, never empty;
/// summaries stay under 140 characters; every card has its own uuid.
struct CDSCardBuilder {
    let knowledge: KnowledgeBase
    /// Where card links point (`CDSLinkBuilder` is the one place URLs are made).
    let links: CDSLinkBuilder

    static let sourceLabel = "Exercise-analgesia knowledge service (Nijs et al., Pain Physician 2012)"

    /// The advice card for patient-view.
    func adviceCard(_ advice: Advice, conditions resolved: [ResolvedCondition]) -> Components.Schemas.CDSCard {
        let conditions = resolved.map(\.condition)
        let names = Self.shortNames(Self.leading(conditions, advice: advice))
        let summary =
            if !advice.cautions.isEmpty {
                "\(names): caution beyond the review; check current guidance before exercise"
            } else {
                switch advice.dysfunctionScope {
                case .anySite: "\(names): exercise may not relieve pain; tailor it to prevent flares"
                case .painfulRegion: "\(names): include exercise of non-painful regions"
                case .none: "\(names): exercise therapy advice from the analgesia evidence"
                }
            }
        return .init(
            uuid: UUID().uuidString.lowercased(),
            summary: Self.clamp(summary),
            detail: detail(advice, conditions: resolved, limit: 8),
            indicator: advice.dysfunctionalEA ? .warning : .info,
            source: source(for: Self.leading(conditions, advice: advice)),
            links: [whyLink(resolved, phase: .initiation)]
        )
    }

    /// The card for order-select: the dosing advice for the exercise order, with a suggestion
    /// to write it into the order's note. The order goes back whole (every member the EHR sent),
    /// with one Annotation appended to `note`.
    func orderCard(_ advice: Advice, conditions resolved: [ResolvedCondition], order: FHIR.DraftOrder) -> Components.Schemas.CDSCard {
        let conditions = resolved.map(\.condition)
        let names = Self.shortNames(Self.leading(conditions, advice: advice))
        // The card knows neither the flare nor the pain trend, so it states no grading decision.
        let summary =
            advice.cautions.isEmpty
            ? "Tailor this exercise order for \(names)" : "Caution beyond the review for \(names): check current guidance first"
        var resource = order
        resource.note = (order.note ?? []) + [FHIR.Annotation(text: Self.orderNote(advice, conditions: resolved), authorString: Self.sourceLabel)]
        return .init(
            uuid: UUID().uuidString.lowercased(),
            summary: Self.clamp(summary),
            detail: detail(advice, conditions: resolved, limit: 6),
            indicator: advice.dysfunctionalEA ? .warning : .info,
            source: source(for: Self.leading(conditions, advice: advice)),
            suggestions: [
                .init(
                    label: "Add the tailored dosing to the order's note",
                    uuid: UUID().uuidString.lowercased(),
                    // With a caution beyond the review (current ME/CFS guidance), the clinician
                    // decides; the service does not recommend writing dosing into the order.
                    isRecommended: advice.cautions.isEmpty,
                    actions: [
                        .init(
                            _type: .update,
                            description: "Append the exercise-analgesia dosing advice to this ServiceRequest's note.",
                            resource: resource
                        )
                    ]
                )
            ],
            selectionBehavior: .atMostOne,
            links: [whyLink(resolved, phase: .initiation)]
        )
    }

    /// The card's source: the page of the condition the advice is mostly about (the first that
    /// drives the warning), which a clinician can read; its JSON twin is linked from the page.
    func source(for conditions: [Condition]) -> Components.Schemas.CDSSource {
        .init(label: Self.sourceLabel, url: links.source(for: conditions))
    }

    /// "Why this advice": the recommendation page for this patient's profile, as its query string
    /// (the coded conditions as sent, so that caveats for broader codes show; no identifiers).
    func whyLink(_ conditions: [ResolvedCondition], phase: TherapyPhase) -> Components.Schemas.CDSLink {
        .init(label: "Why this advice", url: links.why(conditions, phase: phase), _type: .absolute)
    }

    /// How many items an order's note carries beyond the safety, avoid and caution items, which
    /// it always carries.
    static let orderNoteLimit = 6

    /// "Keep exercise therapy in the plan": the order already is exercise therapy, so its note
    /// leaves this out and keeps its room for how to dose it.
    static let orderNoteSkips: Set<String> = ["R03-keep-exercising"]

    /// The items an order's note carries: every safety item (`safetyRules`), then every item to
    /// avoid or beware of, then the rest by rank (what to do and monitor, and the review's hedges
    /// on the evidence, R03b and R03c), at most `orderNoteLimit` of those.
    static func orderNoteItems(_ advice: Advice) -> (shown: [Recommendation], omitted: Int) {
        let items = cardOrder(advice.recommendations.filter { !orderNoteSkips.contains($0.rule) })
        let alwaysKept = { (item: Recommendation) in safetyRules.contains(item.rule) || [.avoid, .caution].contains(item.action) }
        let shown = items.filter(alwaysKept) + items.filter { !alwaysKept($0) }.prefix(orderNoteLimit)
        return (shown, advice.recommendations.count - shown.count)
    }

    /// The text written into the order's note (Markdown, one paragraph per part), which stays in
    /// the record after the card is gone, so it carries what the card leads with: the cautions
    /// beyond the review, what to confirm for broader codes, the Table 1 grading rules, then the
    /// items of `orderNoteItems`, each marked when it is extended beyond the review, how many the
    /// full advice has beyond them, and the versions and the disclaimer.
    static func orderNote(_ advice: Advice, conditions: [ResolvedCondition]) -> String {
        let (shown, omitted) = orderNoteItems(advice)
        var parts = ["Exercise-analgesia advice:"]
        parts += advice.cautions.map { "Caution: \($0)" }
        parts += conditions.compactMap(\.namedCaveat).map { "Confirm before use, \($0)" }
        parts.append(orderGradingText)
        parts += shown.map { $0.extendedBeyondReview ? "\($0.text) (Extended beyond the review by clinical reasoning.)" : $0.text }
        if omitted > 0 {
            parts.append("\(omitted) more items in the full advice.")
        }
        parts.append("\(Advice.disclaimer) Knowledge base \(advice.knowledgeBaseVersion), rules \(advice.ruleSetVersion).")
        return parts.joined(separator: "\n\n")
    }

    /// The grading rules for an order's note: the card that writes it knows neither the flare nor
    /// the pain trend.
    static let orderGradingText = "Grading: not decided here, as the flare and the pain trend were not known. \(gradingRules)"

    /// The rules whose advice protects the patient (flares, pain trend, baseline, breaks): on a
    /// card, which shows only some recommendations, they come first.
    static let safetyRules: [String] = [
        "R01-no-grading-in-major-flare", "R02-modify-on-increasing-pain", "R14-monitor-flares", "R16-minor-flare-persisting",
        "R15-minor-flare-early", "R15b-minor-flare-while-grading", "R12-conservative-baseline", "R13-long-recovery-breaks",
    ]

    /// The recommendations a card shows: the safety items first, then the rest by rank.
    static func cardOrder(_ recommendations: [Recommendation]) -> [Recommendation] {
        let safety = recommendations.filter { safetyRules.contains($0.rule) }
        return safety + recommendations.filter { !safetyRules.contains($0.rule) }
    }

    /// The conditions to name first in a summary: those that give the dysfunction its scope,
    /// then the rest, so that a card never leads with a condition whose response is normal.
    static func leading(_ conditions: [Condition], advice: Advice) -> [Condition] {
        let driving = conditions.filter { advice.dysfunctionConditions.contains($0.slug) }
        return driving + conditions.filter { !advice.dysfunctionConditions.contains($0.slug) }
    }

    /// What a card says about grading: the card does not know the flare or the pain trend, so it
    /// states the rules instead of a decision.
    static let gradingText = "**Grading:** not decided on this card, which does not know the flare or the pain trend. \(gradingRules)"

    /// Table 1's grading rules, for cards and order notes that cannot decide.
    static let gradingRules =
        "Do not grade during a major symptom flare (Table 1, item 12); modify the exercise if pain keeps rising over time (item 6); otherwise grade time-contingently from a conservative baseline (items 7 and 8)."

    /// Markdown: cautions beyond the review, what to confirm for broader codes, expected responses
    /// with what each rests on, the grading rules, the first `limit` recommendations (safety items
    /// first, each with where in the review it comes from and what that passage is), and the
    /// references behind them.
    func detail(_ advice: Advice, conditions: [ResolvedCondition], limit: Int) -> String {
        var lines: [String] = []
        if !advice.cautions.isEmpty {
            lines += ["**Caution, beyond the review:**", ""] + advice.cautions.map { "- \($0)" } + [""]
        }
        let caveats = conditions.compactMap(\.namedCaveat).map { "- \($0)" }
        if !caveats.isEmpty {
            lines += ["**Confirm before use:** the coded diagnosis is broader than the patients the review studied.", ""] + caveats + [""]
        }
        lines += ["**Expected acute response to one bout of exercise** (not the effect of a programme)", ""]
        let names = Dictionary(conditions.map { ($0.condition.slug, $0.condition.name) }, uniquingKeysWith: { first, _ in first })
        for expected in advice.expectedResponses where expected.response != .unknown || expected.site == .any {
            let site = expected.site == .any ? "" : " (\(expected.site.rawValue))"
            let bases = expected.conditions.filter { $0.response == expected.response }.map { response in
                "\(names[response.condition] ?? response.condition): \(Self.basis(response))"
            }
            lines.append(
                "- \(PageText.words(expected.exerciseType.rawValue))\(site): \(Self.describe(expected.response)) — \(bases.joined(separator: "; "))"
            )
        }
        lines += ["", Self.gradingText, "", "**Advice**", ""]
        let shown = Self.cardOrder(advice.recommendations).prefix(limit)
        for (index, recommendation) in shown.enumerated() {
            let extended = recommendation.extendedBeyondReview ? " _(Extended beyond the review by clinical reasoning.)_" : ""
            let restsOn = " _(\(recommendation.locator.label); \(recommendation.basis.label))_"
            lines.append("\(index + 1). *\(recommendation.action.rawValue)*: \(recommendation.text)\(restsOn)\(extended)")
        }
        if advice.recommendations.count > shown.count {
            lines += ["", "\(advice.recommendations.count - shown.count) more items in the full advice."]
        }
        lines += Self.referencesLines(Array(shown))
        lines += [
            "",
            "_\(Advice.disclaimer) Knowledge base \(advice.knowledgeBaseVersion), rules \(advice.ruleSetVersion)._",
        ]
        return lines.joined(separator: "\n")
    }

    /// The references of the findings linked to the shown items. They are background, not trials
    /// of the items: where an item is the review's clinical reasoning (Table 1), the card says so,
    /// and why the review reasons its way there (ref 20).
    static func referencesLines(_ shown: [Recommendation]) -> [String] {
        let references = Set(shown.flatMap(\.references)).sorted()
        guard !references.isEmpty else { return [] }
        var text = "**References linked to these items:** \(references.map(String.init).joined(separator: ", ")) of the review."
        if shown.contains(where: { $0.basis == .clinicalReasoning }) {
            text +=
                " Items marked clinical reasoning are the review's practical guidance, not tested: given the dearth of studies of exercise therapy's effects on endogenous analgesia (ref 20), the review answers how to exercise by clinical reasoning."
        }
        return ["", text]
    }

    /// What one condition's expected response rests on, for the card: "a statement of the review
    /// without a described study, in some patients" or "studies the review describes (refs 21, 22)".
    static func basis(_ response: ConditionResponse) -> String {
        var text = response.basis.label
        if !response.references.isEmpty, [.study, .stoppedEarly].contains(response.basis) {
            let numbers = response.references.map(String.init).joined(separator: ", ")
            text += response.references.count == 1 ? " (ref \(numbers))" : " (refs \(numbers))"
        }
        if let qualifier = response.qualifier { text += ", \(qualifier)" }
        return text
    }

    static func describe(_ response: PainResponse) -> String {
        switch response {
        case .hypoalgesia: "analgesia (pain sensitivity falls)"
        case .noChange: "no analgesia"
        case .hyperalgesia: "more pain sensitivity"
        case .unknown: "not studied"
        }
    }

    static func shortNames(_ conditions: [Condition]) -> String {
        guard let first = conditions.first else { return "Covered conditions" }
        return conditions.count == 1 ? first.name : "\(first.name) and \(conditions.count - 1) more"
    }

    /// At most 139 characters, cut at a word.
    static func clamp(_ text: String) -> String {
        guard text.count >= 140 else { return text }
        let cut = text.prefix(138)
        return (cut.lastIndex(of: " ").map { String(cut[..<$0]) } ?? String(cut)) + "…"
    }
}
