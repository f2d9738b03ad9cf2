import Foundation

/// How one of the patient's conditions answers an exercise type at a site.
public struct ConditionResponse: Sendable, Hashable {
    public var condition: String
    public var response: PainResponse
    public var evidenceBasis: EvidenceBasis?
    public var stated: Bool
}

/// The acute response to expect from one exercise type at one site, across all the patient's
/// conditions: the least favourable wins, so dysfunction dominates.
public struct ExpectedResponse: Sendable, Hashable {
    public var exerciseType: ExerciseType
    public var site: Site
    public var response: PainResponse
    public var conditions: [ConditionResponse]
    public var findingIDs: [String]
    public var rationale: String
}

/// One piece of advice, traceable to a guideline, a rule and the evidence.
public struct Recommendation: Sendable, Hashable {
    public var rank: Int
    public var guideline: String
    public var action: ActionKind
    public var text: String
    public var rule: String
    public var findingIDs: [String]
    public var references: [Int]
}

/// A drug-plus-exercise idea the review raises for research; never advice.
public struct ResearchNote: Sendable, Hashable {
    public var guideline: String
    public var title: String
    public var text: String
    public var rule: String
    public var medications: [MedicationClass]
    public var findingIDs: [String]
    public var references: [Int]
}

/// The grading decision and the rule that made it.
public struct GradingAdvice: Sendable, Hashable {
    public var decision: GradingDecision
    public var rule: String
    public var reason: String
}

/// Why a rule fired or did not.
public struct TraceEntry: Sendable, Hashable {
    public var rule: String
    public var kind: Rule.Kind
    public var title: String
    public var source: String
    public var fired: Bool
    public var reason: String
}

/// The engine's answer for one patient.
public struct Advice: Sendable, Hashable {
    public var ruleSetVersion: String
    public var knowledgeBaseVersion: String
    public var dysfunctionalEA: Bool
    public var expectedResponses: [ExpectedResponse]
    public var grading: GradingAdvice
    public var recommendations: [Recommendation]
    public var researchHypotheses: [ResearchNote]
    public var trace: [TraceEntry]

    public static let disclaimer =
        "Decision support for clinicians, drawn from one narrative review (Nijs et al., Pain Physician 2012); it does not replace clinical judgement."
}

/// Applies a rule set to a patient against one knowledge snapshot. Pure: no I/O, no clock, no
/// randomness; the same profile and knowledge always give the same advice.
public struct RecommendationEngine: Sendable {
    public let knowledge: KnowledgeBase
    public let ruleSet: RuleSet

    public init(knowledge: KnowledgeBase, ruleSet: RuleSet = .v1) {
        self.knowledge = knowledge
        self.ruleSet = ruleSet
    }

    /// Evaluates every rule for `profile`, whose condition slugs must exist in the knowledge base.
    public func advise(_ profile: PatientProfile) -> Advice {
        let conditions = profile.conditionSlugs.compactMap(knowledge.condition)
        let context = Context(knowledge: knowledge, profile: profile, conditions: conditions)

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
            switch rule.kind {
            case .grading:
                let decision = rule.decision ?? .hold
                grading = GradingAdvice(decision: decision, rule: rule.id, reason: "\(rule.title): \(evaluation.reason)")
                trace.append(entry(rule, fired: true, reason: evaluation.reason))
            case .recommendation:
                var missing: [String] = []
                for template in rule.recommendations {
                    guard let guideline = knowledge.guideline(template.guideline) else {
                        missing.append(template.guideline)
                        continue
                    }
                    let findings = Set(guideline.findingIDs).union(evaluation.findings).sorted()
                    recommendations.append(
                        Recommendation(
                            rank: recommendations.count + 1,
                            guideline: guideline.slug,
                            action: template.action,
                            text: context.fill(template.text, conditions: evaluation.conditions),
                            rule: rule.id,
                            findingIDs: findings,
                            references: references(of: findings)
                        )
                    )
                }
                let note = missing.isEmpty ? "" : " (guideline \(missing.joined(separator: ", ")) is not in the knowledge base, so nothing was said)"
                trace.append(entry(rule, fired: missing.count < rule.recommendations.count, reason: evaluation.reason + note))
            case .research:
                for template in rule.recommendations {
                    guard let guideline = knowledge.guideline(template.guideline) else { continue }
                    let medications = profile.medications.filter { medication in
                        if case .medication(let classes) = rule.when { return classes.contains(medication) }
                        return false
                    }
                    research.append(
                        ResearchNote(
                            guideline: guideline.slug,
                            title: guideline.title,
                            text: "\(guideline.advice) \(guideline.rationale)",
                            rule: rule.id,
                            medications: medications,
                            findingIDs: guideline.findingIDs.sorted(),
                            references: references(of: guideline.findingIDs)
                        )
                    )
                }
                trace.append(entry(rule, fired: true, reason: evaluation.reason + " Listed as a research hypothesis only."))
            }
        }

        return Advice(
            ruleSetVersion: ruleSet.version,
            knowledgeBaseVersion: knowledge.version,
            dysfunctionalEA: context.evaluate(.dysfunctionalEA(nil)).holds,
            expectedResponses: expectedResponses(conditions),
            grading: grading ?? GradingAdvice(decision: .hold, rule: "none", reason: "No grading rule applied; hold by default."),
            recommendations: recommendations,
            researchHypotheses: research,
            trace: trace
        )
    }

    /// Every exercise type at `any` site, plus the painful and non-painful sites where some
    /// condition's evidence tells them apart.
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
                    rationale = "\(Self.names(driving.map(\.0))): \(worst.rawValue)."
                }
                if !others.isEmpty {
                    let rest = others.map { "\($0.0.name): \($0.1.response.rawValue)" }.joined(separator: "; ")
                    rationale += " Also \(rest); the least favourable response is expected."
                }
                responses.append(
                    ExpectedResponse(
                        exerciseType: type,
                        site: site,
                        response: worst,
                        conditions: cells.map {
                            ConditionResponse(condition: $0.0.slug, response: $0.1.response, evidenceBasis: $0.1.evidenceBasis, stated: $0.1.stated)
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
        Array(Set(findingIDs.compactMap(knowledge.finding).flatMap(\.referenceNumbers))).sorted()
    }

    private func entry(_ rule: Rule, fired: Bool, reason: String) -> TraceEntry {
        TraceEntry(rule: rule.id, kind: rule.kind, title: rule.title, source: rule.source, fired: fired, reason: reason)
    }

    static func names(_ conditions: [Condition]) -> String {
        let names = conditions.map(\.name)
        switch names.count {
        case 0: return "none of the conditions"
        case 1: return names[0]
        default: return names.dropLast().joined(separator: ", ") + " and " + names[names.count - 1]
        }
    }
}

/// The facts a predicate can ask about, and how each is explained.
private struct Context {
    let knowledge: KnowledgeBase
    let profile: PatientProfile
    let conditions: [Condition]

    struct Evaluation {
        var holds: Bool
        var reason: String
        /// The conditions that made it hold, for the recommendation text.
        var conditions: [Condition] = []
        /// The findings behind it.
        var findings: [String] = []
    }

    func evaluate(_ predicate: Predicate) -> Evaluation {
        switch predicate {
        case .always:
            return Evaluation(holds: true, reason: "Applies to every patient.")

        case .dysfunctionalEA(let type):
            let what = type.map { "\($0.rawValue) exercise" } ?? "exercise"
            let matches = conditions.compactMap { condition -> (Condition, [EAStatement])? in
                let cells = condition.eaStatements.filter { ($0.exerciseType == type || type == nil) && $0.response.isDysfunctional }
                return cells.isEmpty ? nil : (condition, cells)
            }
            guard !matches.isEmpty else {
                return Evaluation(holds: false, reason: "No condition is known to lack analgesia during \(what).")
            }
            let details = matches.map { condition, cells in
                "\(condition.name) ("
                    + cells.map { "\($0.exerciseType.rawValue)\($0.site == .any ? "" : " at \($0.site.rawValue)"): \($0.response.rawValue)" }.joined(
                        separator: ", "
                    ) + ")"
            }
            return Evaluation(
                holds: true,
                reason: "Dysfunctional analgesia during \(what): \(details.joined(separator: "; ")).",
                conditions: matches.map(\.0),
                findings: Array(Set(matches.flatMap { $0.1.flatMap(\.findingIDs) })).sorted()
            )

        case .generalizedHyperalgesia(let type):
            let matches = conditions.compactMap { condition -> (Condition, EAStatement)? in
                condition.eaStatements.first { $0.exerciseType == type && $0.site == .any && $0.response == .hyperalgesia }
                    .map { (condition, $0) }
            }
            guard !matches.isEmpty else {
                return Evaluation(
                    holds: false,
                    reason: "No condition is known to become more pain-sensitive everywhere during \(type.rawValue) exercise."
                )
            }
            return Evaluation(
                holds: true,
                reason: "\(RecommendationEngine.names(matches.map(\.0))): \(type.rawValue) exercise raises pain sensitivity at any site.",
                conditions: matches.map(\.0),
                findings: Array(Set(matches.flatMap(\.1.findingIDs))).sorted()
            )

        case .siteContrast(let type):
            let matches = conditions.compactMap { condition -> (Condition, [EAStatement])? in
                let painful = condition.eaStatements.first { $0.exerciseType == type && $0.site == .painfulRegion }
                let other = condition.eaStatements.first { $0.exerciseType == type && $0.site == .nonPainfulRegion }
                guard let painful, let other, painful.response.isDysfunctional, other.response == .hypoalgesia else { return nil }
                return (condition, [painful, other])
            }
            guard !matches.isEmpty else {
                return Evaluation(
                    holds: false,
                    reason: "No condition responds differently to \(type.rawValue) exercise of painful and non-painful regions."
                )
            }
            return Evaluation(
                holds: true,
                reason:
                    "\(RecommendationEngine.names(matches.map(\.0))): \(type.rawValue) exercise of the painful region brings no analgesia, of a non-painful region it does.",
                conditions: matches.map(\.0),
                findings: Array(Set(matches.flatMap { $0.1.flatMap(\.findingIDs) })).sorted()
            )

        case .painFreeRegions:
            if profile.hasPainFreeRegions {
                let reported = profile.painfulRegions.isEmpty ? "no painful regions reported" : "painful regions: \(regions)"
                return Evaluation(holds: true, reason: "Some body parts are free of pain (\(reported)).")
            }
            return Evaluation(holds: false, reason: "Pain is widespread, so no body part is free of pain.")

        case .flare(let severity):
            return Evaluation(
                holds: profile.flare == severity,
                reason: "Flare is \(profile.flare.rawValue)\(profile.flare == severity ? "" : ", not \(severity.rawValue)")."
            )

        case .painTrend(let trend):
            return Evaluation(
                holds: profile.painTrend == trend,
                reason: "Pain trend is \(profile.painTrend.rawValue)\(profile.painTrend == trend ? "" : ", not \(trend.rawValue)")."
            )

        case .phase(let phases):
            let holds = phases.contains(profile.phase)
            let wanted = phases.map(\.rawValue).joined(separator: " or ")
            return Evaluation(holds: holds, reason: "Phase is \(profile.phase.rawValue)\(holds ? "" : ", not \(wanted)").")

        case .cognitiveEmotionalFactorsReported:
            return profile.cognitiveEmotionalFactors.isEmpty
                ? Evaluation(holds: false, reason: "No cognitive-emotional factors reported.")
                : Evaluation(holds: true, reason: "Reported cognitive-emotional factors: \(factors).")

        case .medication(let classes):
            let taken = profile.medications.filter(classes.contains)
            return taken.isEmpty
                ? Evaluation(holds: false, reason: "No \(classes.map(\.rawValue).joined(separator: " or ")) medication reported.")
                : Evaluation(holds: true, reason: "Medication reported: \(taken.map(\.rawValue).joined(separator: ", ")).")

        case .all(let predicates):
            var combined = Evaluation(holds: true, reason: "")
            var reasons: [String] = []
            for predicate in predicates {
                let evaluation = evaluate(predicate)
                if !evaluation.holds { return evaluation }
                reasons.append(evaluation.reason)
                combined.conditions += evaluation.conditions.filter { condition in !combined.conditions.contains { $0.slug == condition.slug } }
                combined.findings = Array(Set(combined.findings + evaluation.findings)).sorted()
            }
            combined.reason = reasons.joined(separator: " ")
            return combined

        case .not(let predicate):
            let evaluation = evaluate(predicate)
            return Evaluation(holds: !evaluation.holds, reason: evaluation.reason)
        }
    }

    var regions: String { profile.painfulRegions.map(\.rawValue).joined(separator: ", ") }
    var factors: String {
        profile.cognitiveEmotionalFactors.map { String($0.rawValue.map { $0 == "-" ? " " : $0 }) }.joined(separator: ", ")
    }

    /// Fills `{conditions}`, `{painfulRegions}` and `{factors}` in one pass over the template
    /// (plain Swift: Foundation's replacingOccurrences is slow on Linux and this is a hot path).
    func fill(_ text: String, conditions: [Condition]) -> String {
        guard text.contains("{") else { return text }
        var result = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            result += rest[..<open]
            switch rest[rest.index(after: open)..<close] {
            case "conditions": result += RecommendationEngine.names(conditions)
            case "painfulRegions": result += profile.painfulRegions.isEmpty || !profile.hasPainFreeRegions ? "" : " (painful: \(regions))"
            case "factors": result += factors
            default: result += rest[open...close]
            }
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }
}
