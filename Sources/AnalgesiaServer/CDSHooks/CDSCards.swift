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
    func adviceCard(_ advice: Advice, conditions: [Condition]) -> Components.Schemas.CDSCard {
        let names = Self.shortNames(conditions)
        let summary =
            advice.dysfunctionalEA
            ? "\(names): exercise may not relieve pain; tailor it to prevent flares"
            : "\(names): exercise therapy advice from the analgesia evidence"
        return .init(
            uuid: UUID().uuidString.lowercased(),
            summary: Self.clamp(summary),
            detail: detail(advice, conditions: conditions, limit: 8),
            indicator: advice.dysfunctionalEA ? .warning : .info,
            source: source(for: conditions),
            links: cardLinks(for: conditions)
        )
    }

    /// The card for order-select: the dosing advice for the exercise order, with a suggestion
    /// to write it into the order's note. The order goes back whole (every member the EHR sent),
    /// with one Annotation appended to `note`.
    func orderCard(_ advice: Advice, conditions: [Condition], order: FHIR.DraftOrder) -> Components.Schemas.CDSCard {
        let names = Self.shortNames(conditions)
        let summary = "Tailor this exercise order for \(names): grading advice is \(advice.grading.decision.rawValue)"
        let dosing = advice.recommendations.filter { [.do, .avoid, .caution].contains($0.action) }.prefix(6)
        let noteText =
            "Exercise-analgesia advice (\(advice.knowledgeBaseVersion)): "
            + dosing.map(\.text).joined(separator: " ")
        var resource = order
        resource.note = (order.note ?? []) + [FHIR.Annotation(text: noteText)]
        return .init(
            uuid: UUID().uuidString.lowercased(),
            summary: Self.clamp(summary),
            detail: detail(advice, conditions: conditions, limit: 6),
            indicator: advice.dysfunctionalEA ? .warning : .info,
            source: source(for: conditions),
            suggestions: [
                .init(
                    label: "Add the tailored dosing to the order's note",
                    uuid: UUID().uuidString.lowercased(),
                    isRecommended: true,
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
            links: cardLinks(for: conditions)
        )
    }

    func source(for conditions: [Condition]) -> Components.Schemas.CDSSource {
        .init(label: Self.sourceLabel, url: links.source(for: conditions))
    }

    /// A link per condition the card covers (none, never an empty list, without conditions).
    func cardLinks(for conditions: [Condition]) -> [Components.Schemas.CDSLink]? {
        let found = links.links(for: conditions)
        return found.isEmpty ? nil : found.map { .init(label: $0.label, url: $0.url, _type: .absolute) }
    }

    /// Markdown: expected responses, grading, the first `limit` recommendations, evidence.
    func detail(_ advice: Advice, conditions: [Condition], limit: Int) -> String {
        var lines = ["**Expected acute response to exercise**", ""]
        for expected in advice.expectedResponses where expected.response != .unknown || expected.site == .any {
            let site = expected.site == .any ? "" : " (\(expected.site.rawValue))"
            let type = expected.exerciseType.rawValue.replacingOccurrences(of: "-", with: " ")
            lines.append("- \(type.prefix(1).uppercased() + type.dropFirst())\(site): \(Self.describe(expected.response))")
        }
        lines += ["", "**Grading:** \(advice.grading.decision.rawValue). \(advice.grading.reason)", "", "**Advice**", ""]
        for recommendation in advice.recommendations.prefix(limit) {
            lines.append("\(recommendation.rank). *\(recommendation.action.rawValue)*: \(recommendation.text)")
        }
        let references = Set(advice.recommendations.prefix(limit).flatMap(\.references)).sorted()
        if !references.isEmpty {
            lines += ["", "**Evidence:** references \(references.map(String.init).joined(separator: ", ")) of the review."]
        }
        lines += [
            "",
            "_\(Advice.disclaimer) Knowledge base \(advice.knowledgeBaseVersion), rules \(advice.ruleSetVersion)._",
        ]
        return lines.joined(separator: "\n")
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
