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
        let conditions = profile.conditionSlugs.compactMap { knowledge.condition($0) }
        let context = RuleContext(knowledge: knowledge, profile: profile, conditions: conditions)
        let scope = context.dysfunctionScope
        let extensionNote = scope == .none ? Self.extensionNote(conditions) : nil
        let cautions = conditions.compactMap { condition in condition.caution.map { "\(condition.name): \($0)" } }
        let driving =
            switch scope {
            case .anySite: context.evaluate(.anySiteDysfunction(nil)).conditions.map(\.slug)
            case .painfulRegion: context.evaluate(.painfulRegionDysfunction(nil)).conditions.map(\.slug)
            case .none: [String]()
            }

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
                            " A minor flare on its own does not stop grading: Table 1 stops it only for a major flare (item 12) and calls minor flares natural in the initial stages (item 11)."
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
                        case .guidelineAndMatches: Set(guideline.findingIDs).union(evaluation.findings).sorted()
                        case .matchesOnly: Array(Set(evaluation.findings)).sorted()
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
            dysfunctionConditions: driving,
            cautions: cautions,
            expectedResponses: expectedResponses(conditions),
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

    /// Says that a rule written for dysfunctional analgesia is applied to conditions without it.
    static func extensionNote(_ conditions: [Condition]) -> String {
        "Table 1 and the practice text it belongs to are written for patients whose analgesia during exercise is dysfunctional; the review reports no such dysfunction for \(names(conditions)). Applying this to them is clinical reasoning beyond the review."
    }

    /// Every exercise type at `any` site, plus the painful and non-painful sites where some
    /// condition's evidence tells them apart. Each condition's response carries its basis.
    func expectedResponses(_ conditions: [Condition]) -> [ExpectedResponse] {
        guard !conditions.isEmpty else { return [] }
        var responses: [ExpectedResponse] = []
        for type in ExerciseType.allCases {
            let distinguished = conditions.contains { condition in
                condition.eaStatements.contains { $0.exerciseType == type && $0.site != .any }
            }
            for site in distinguished ? Site.allCases : [.any] {
                let cells = conditions.compactMap { condition in
                    knowledge.eaCell(of: condition.slug, exerciseType: type, site: site).map { (condition, $0) }
                }
                guard let worst = cells.map(\.1.response).max(by: { $0.dysfunctionRank < $1.dysfunctionRank }) else { continue }
                let driving = cells.filter { $0.1.response == worst }
                let findings = Set(driving.flatMap(\.1.findingIDs)).sorted()
                let others = cells.filter { $0.1.response != worst }
                var rationale: String
                if worst == .unknown {
                    rationale = "The review reports no \(type.rawValue) exercise study for \(Self.names(driving.map(\.0)))."
                } else {
                    rationale = driving.map { "\($0.0.name): \($0.1.responseWithBasis)." }.joined(separator: " ")
                }
                if !others.isEmpty {
                    let rest = others.map { "\($0.0.name): \($0.1.responseWithBasis)" }.joined(separator: "; ")
                    rationale += " Also \(rest); the least favourable response is expected."
                }
                rationale += " " + KnowledgeBase.acuteOnlyNote
                responses.append(
                    ExpectedResponse(
                        exerciseType: type,
                        site: site,
                        response: worst,
                        basis: driving.map(\.1.basis).max { $0.strength < $1.strength } ?? .notStudied,
                        conditions: cells.map {
                            ConditionResponse(
                                condition: $0.0.slug,
                                response: $0.1.response,
                                evidenceBasis: $0.1.evidenceBasis,
                                stated: $0.1.stated,
                                basis: $0.1.basis,
                                qualifier: $0.1.qualifier,
                                locator: $0.1.locator,
                                references: $0.1.references
                            )
                        },
                        findingIDs: findings,
                        rationale: rationale
                    )
                )
            }
        }
        return responses
    }

    private func references(of findingIDs: [String]) -> [Int] {
        // A closure, not `knowledge.finding` partially applied: that copies the whole knowledge base per call.
        Array(Set(findingIDs.compactMap { knowledge.finding($0) }.flatMap(\.referenceNumbers))).sorted()
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
