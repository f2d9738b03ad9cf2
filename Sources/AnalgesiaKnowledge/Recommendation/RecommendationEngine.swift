import Foundation

/// Applies a rule set to a patient against one knowledge snapshot. Pure: no I/O, no clock, no
/// randomness; the same profile and knowledge always give the same advice.
public struct RecommendationEngine: Sendable {
    public let knowledge: KnowledgeBase
    public let ruleSet: RuleSet

    public init(knowledge: KnowledgeBase, ruleSet: RuleSet = .current) {
        self.knowledge = knowledge
        self.ruleSet = ruleSet
    }

    /// Evaluates every rule for `profile`, whose condition slugs must exist in the knowledge base.
    public func advise(_ profile: PatientProfile) -> Advice {
        advise(profile, given: nil)
    }

    /// What the rules know from `conditionSlugs` alone, to share across profiles with those
    /// conditions (`advise(_:given:)`).
    public func analyse(conditionSlugs: [String]) -> ConditionAnalysis {
        ConditionAnalysis(knowledge: knowledge, ruleSet: ruleSet, conditionSlugs: conditionSlugs)
    }

    /// Evaluates every rule for `profile`, taking what depends only on its conditions from
    /// `analysis` when that analysed the same conditions against this knowledge (and working it
    /// out otherwise). The advice is the same either way.
    public func advise(_ profile: PatientProfile, given analysis: ConditionAnalysis?) -> Advice {
        let shared = analysis.flatMap {
            $0.conditionSlugs == profile.conditionSlugs && $0.knowledgeBaseVersion == knowledge.version ? $0 : nil
        }
        let conditions = shared?.conditions ?? profile.conditionSlugs.compactMap { knowledge.condition($0) }
        let context = RuleContext(knowledge: knowledge, profile: profile, conditions: conditions, analysis: shared)
        let facts = shared?.facts ?? ConditionFacts(context)
        let scope = facts.scope
        let extensionNote = facts.extensionNote
        let cautions = facts.cautions

        var trace: [TraceEntry] = []
        var recommendations: [Recommendation] = []
        var research: [ResearchNote] = []
        var grading: GradingAdvice?

        for rule in ruleSet.rules {
            if rule.kind == .grading, let decided = grading {
                trace.append(entry(rule, fired: false, reason: "Not needed: \(decided.rule) already decided '\(decided.decision.rawValue)'."))
                continue
            }
            let evaluation = context.evaluate(rule.when)
            guard evaluation.holds else {
                trace.append(entry(rule, fired: false, reason: evaluation.reason))
                continue
            }
            let note = rule.scope == .dysfunctionalEA ? extensionNote : nil
            switch rule.kind {
            case .grading:
                let decision = rule.decision ?? .hold
                var reason = "\(rule.title) (\(rule.locator.label)): \(evaluation.reason)"
                var basis = rule.basis
                var gradingNote = note
                if decision == .progress {
                    if profile.phase == .initiation {
                        reason += " In the initial stage, start from a conservative baseline (Table 1, items 7 and 8) before grading."
                    }
                    if profile.flare == .minor {
                        // The review stops grading only for a major flare; it never says to grade
                        // through a minor one, so that part is this service's inference.
                        basis = .inferred
                        reason +=
                            " This service infers that a minor flare on its own need not stop grading: Table 1 stops grading only for a major flare (item 12) and calls minor flares natural in the initial stages (item 11)."
                        gradingNote = [
                            note,
                            "Grading through a minor flare is inferred: the review does not say to progress during one; monitor the flare and adapt the exercise modalities if it persists (item 10).",
                        ].compactMap { $0 }.joined(separator: " ")
                    }
                    if !cautions.isEmpty {
                        gradingNote = ([gradingNote] + cautions.map(Optional.some)).compactMap { $0 }.joined(separator: " ")
                    }
                }
                grading = GradingAdvice(
                    decision: decision,
                    rule: rule.id,
                    reason: reason,
                    locator: rule.locator,
                    basis: basis,
                    extendedBeyondReview: note != nil,
                    note: gradingNote
                )
                trace.append(entry(rule, fired: true, reason: evaluation.reason + (note.map { " \($0)" } ?? "")))
            case .recommendation:
                var missing: [String] = []
                for template in rule.recommendations {
                    guard let guideline = knowledge.guideline(template.guideline) else {
                        missing.append(template.guideline)
                        continue
                    }
                    let findings =
                        switch template.evidence {
                        case .guidelineAndMatches: (guideline.findingIDs + evaluation.findings).sortedUnique()
                        case .matchesOnly: evaluation.findings.sortedUnique()
                        }
                    recommendations.append(
                        Recommendation(
                            rank: recommendations.count + 1,
                            guideline: guideline.slug,
                            action: template.action,
                            text: context.fill(template.text, conditions: evaluation.conditions, statements: evaluation.statements),
                            rule: rule.id,
                            findingIDs: findings,
                            references: references(of: findings),
                            locator: rule.locator,
                            basis: rule.basis,
                            extendedBeyondReview: note != nil,
                            note: note
                        )
                    )
                }
                let missed = missing.isEmpty ? "" : " (guideline \(missing.joined(separator: ", ")) is not in the knowledge base, so nothing was said)"
                trace.append(
                    entry(rule, fired: missing.count < rule.recommendations.count, reason: evaluation.reason + missed + (note.map { " \($0)" } ?? ""))
                )
            case .research:
                for template in rule.recommendations {
                    guard let guideline = knowledge.guideline(template.guideline) else { continue }
                    let medications = profile.medications.filter(rule.when.medicationClasses.contains)
                    research.append(
                        ResearchNote(
                            guideline: guideline.slug,
                            title: guideline.title,
                            text: "\(guideline.advice) \(guideline.rationale)",
                            rule: rule.id,
                            medications: medications,
                            findingIDs: guideline.findingIDs.sorted(),
                            references: references(of: guideline.findingIDs),
                            locator: guideline.locator ?? rule.locator
                        )
                    )
                }
                trace.append(entry(rule, fired: true, reason: evaluation.reason + " Listed as a research hypothesis only."))
            }
        }

        return Advice(
            ruleSetVersion: ruleSet.version,
            knowledgeBaseVersion: knowledge.version,
            dysfunctionalEA: scope != .none,
            dysfunctionScope: scope,
            dysfunctionConditions: facts.driving,
            cautions: cautions,
            expectedResponses: facts.expectedResponses,
            grading: grading
                ?? GradingAdvice(
                    decision: .hold,
                    rule: "none",
                    reason: "No grading rule applied; hold by default.",
                    locator: .table1(12),
                    basis: .inferred,
                    extendedBeyondReview: true,
                    note: "The rule set has no grading rule that applies; holding is this service's default, not the review's."
                ),
            recommendations: recommendations,
            researchHypotheses: research,
            trace: trace
        )
    }

    private func references(of findingIDs: [String]) -> [Int] {
        knowledge.referenceNumbers(ofFindings: findingIDs)
    }

    private func entry(_ rule: Rule, fired: Bool, reason: String) -> TraceEntry {
        TraceEntry(
            rule: rule.id,
            kind: rule.kind,
            title: rule.title,
            source: rule.source,
            locator: rule.locator,
            basis: rule.basis,
            fired: fired,
            reason: reason
        )
    }

    /// "A", "A and B", "A, B and C".
    public static func names(_ conditions: [Condition]) -> String {
        let names = conditions.map(\.name)
        switch names.count {
        case 0: return "none of the conditions"
        case 1: return names[0]
        default: return names.dropLast().joined(separator: ", ") + " and " + names[names.count - 1]
        }
    }
}
