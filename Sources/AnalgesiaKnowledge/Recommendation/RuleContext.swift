import Foundation

/// The facts a predicate can ask about one patient, and how each answer is explained.
struct RuleContext {
    let knowledge: KnowledgeBase
    let profile: PatientProfile
    let conditions: [Condition]
    /// Evaluations already worked out for these conditions, if any (`ConditionAnalysis`).
    var analysis: ConditionAnalysis?

    struct Evaluation: Sendable {
        var holds: Bool
        var reason: String
        /// The conditions that made it hold, for the recommendation text.
        var conditions: [Condition] = []
        /// The findings behind it. Findings of statements without a described study are left
        /// out: they concern other conditions, and their references would read as evidence here.
        var findings: [String] = []
        /// The EA statements that made it hold, by condition (for `{conditionsWithTypes}` and
        /// `{evidenceNotes}`).
        var statements: [(condition: Condition, statement: EAStatement)] = []
    }

    /// The findings that back `statements` as evidence (see `Evaluation.findings`).
    static func evidence(_ statements: [EAStatement]) -> [String] {
        statements.filter { $0.evidenceBasis != .reviewStatement }.flatMap(\.findingIDs).sortedUnique()
    }

    /// Where exercise fails to bring analgesia, across the patient's conditions.
    var dysfunctionScope: DysfunctionScope {
        if evaluate(.anySiteDysfunction(nil)).holds { return .anySite }
        if evaluate(.painfulRegionDysfunction(nil)).holds { return .painfulRegion }
        return .none
    }

    /// The stated cells of `condition` for `type` (any type when nil) that are dysfunctional
    /// wherever the body works: the any-site statement, or both region statements.
    static func anySiteDysfunction(_ condition: Condition, _ type: ExerciseType?) -> [EAStatement] {
        ExerciseType.allCases.filter { type == nil || $0 == type }.flatMap { type -> [EAStatement] in
            let statements = condition.eaStatements.filter { $0.exerciseType == type }
            if let general = statements.first(where: { $0.site == .any }), general.response.isDysfunctional { return [general] }
            let regions = statements.filter { $0.site != .any }
            if regions.count == 2, regions.allSatisfy(\.response.isDysfunctional) { return regions }
            return []
        }
    }

    /// The stated painful-region cells of `condition` that are dysfunctional while the type is
    /// not dysfunctional wherever the body works.
    static func painfulRegionDysfunction(_ condition: Condition, _ type: ExerciseType?) -> [EAStatement] {
        ExerciseType.allCases.filter { type == nil || $0 == type }.flatMap { type -> [EAStatement] in
            guard anySiteDysfunction(condition, type).isEmpty else { return [] }
            return condition.eaStatements.filter { $0.exerciseType == type && $0.site == .painfulRegion && $0.response.isDysfunctional }
        }
    }

    static func describe(_ cells: [EAStatement]) -> String {
        cells.map { "\($0.exerciseType.rawValue)\($0.site == .any ? "" : " at \($0.site.rawValue)"): \($0.response.rawValue)" }
            .joined(separator: ", ")
    }

    /// Whether `predicate` holds for this patient, and why: from the analysis when it asks only
    /// about the conditions and was analysed, worked out otherwise.
    func evaluate(_ predicate: Predicate) -> Evaluation {
        if predicate.asksOnlyAboutConditions, let known = analysis?.evaluations[predicate] { return known }
        return compute(predicate)
    }

    // swiftlint:disable:next cyclomatic_complexity function_body_length
    private func compute(_ predicate: Predicate) -> Evaluation {
        switch predicate {
        case .always:
            return Evaluation(holds: true, reason: "Applies to every patient.")

        case .anySiteDysfunction(let type), .painfulRegionDysfunction(let type):
            let anySite: Bool
            if case .anySiteDysfunction = predicate { anySite = true } else { anySite = false }
            let what = type.map { "\($0.rawValue) exercise" } ?? "exercise"
            let matches = conditions.compactMap { condition -> (Condition, [EAStatement])? in
                let cells = anySite ? Self.anySiteDysfunction(condition, type) : Self.painfulRegionDysfunction(condition, type)
                return cells.isEmpty ? nil : (condition, cells)
            }
            let kind = anySite ? "wherever the body works" : "only when the painful region works"
            guard !matches.isEmpty else {
                return Evaluation(holds: false, reason: "No condition is known to lack analgesia during \(what) \(kind).")
            }
            let details = matches.map { condition, cells in "\(condition.name) (\(Self.describe(cells)))" }
            return Evaluation(
                holds: true,
                reason: "No analgesia during \(what) \(kind): \(details.joined(separator: "; ")).",
                conditions: matches.map(\.0),
                findings: Self.evidence(matches.flatMap(\.1)),
                statements: matches.flatMap { condition, cells in cells.map { (condition, $0) } }
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
                findings: Self.evidence(matches.map(\.1)),
                statements: matches.map { ($0.0, $0.1) }
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
                findings: Self.evidence(matches.flatMap(\.1)),
                statements: matches.flatMap { condition, cells in cells.map { (condition, $0) } }
            )

        case .exerciseTherapyEvidence(let wanted):
            var matches: [(Condition, [Finding])] = []
            for condition in conditions {
                let therapy = knowledge.findingIDs(forCondition: condition.slug).compactMap { knowledge.finding($0) }.filter {
                    $0.exercise.type == .exerciseTherapy && $0.conditionSlugs == [condition.slug]
                }
                let cited = therapy.filter { !$0.referenceNumbers.isEmpty }
                let grade: TherapyEvidence = !cited.isEmpty ? .cited : therapy.isEmpty ? .none : .statementOnly
                if grade == wanted { matches.append((condition, grade == .cited ? cited : therapy)) }
            }
            let what =
                switch wanted {
                case .cited: "cites evidence that exercise therapy is effective for"
                case .statementOnly: "names, without a reference, as treated effectively by exercise therapy"
                case .none: "cites no evidence on exercise therapy for"
                }
            guard !matches.isEmpty else {
                return Evaluation(holds: false, reason: "No condition of the patient is one the review \(what).")
            }
            let references = matches.flatMap { $0.1.flatMap(\.referenceNumbers) }.sortedUnique()
            let refs = references.isEmpty ? "" : " (refs \(references.map(String.init).joined(separator: ", ")))"
            return Evaluation(
                holds: true,
                reason: "The review \(what) \(RecommendationEngine.names(matches.map(\.0)))\(refs).",
                conditions: matches.map(\.0),
                findings: matches.flatMap { $0.1.map(\.id) }.sortedUnique()
            )

        case .allCentrallySensitized:
            let sensitized = conditions.filter(\.centralSensitization)
            if !conditions.isEmpty, sensitized.count == conditions.count {
                return Evaluation(
                    holds: true,
                    reason: "Central sensitization is characteristic of every condition (\(RecommendationEngine.names(conditions))).",
                    conditions: conditions
                )
            }
            return Evaluation(holds: false, reason: "Not every condition is characterized by central sensitization.")

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
                combined.findings = (combined.findings + evaluation.findings).sortedUnique()
                combined.statements += evaluation.statements
            }
            combined.reason = reasons.joined(separator: " ")
            return combined

        case .any(let predicates):
            var reasons: [String] = []
            for predicate in predicates {
                let evaluation = evaluate(predicate)
                if evaluation.holds { return evaluation }
                reasons.append(evaluation.reason)
            }
            return Evaluation(holds: false, reason: reasons.joined(separator: " "))

        case .not(let predicate):
            let evaluation = evaluate(predicate)
            return Evaluation(holds: !evaluation.holds, reason: evaluation.reason)
        }
    }

    var regions: String { profile.painfulRegions.map(\.rawValue).joined(separator: ", ") }

    /// "Fibromyalgia (isometric and aerobic exercise) and Chronic fatigue syndrome (aerobic exercise)".
    func conditionsWithTypes(_ statements: [(condition: Condition, statement: EAStatement)]) -> String {
        var order: [String] = []
        var types: [String: [String]] = [:]
        var names: [String: String] = [:]
        for (condition, statement) in statements {
            if types[condition.slug] == nil { order.append(condition.slug) }
            names[condition.slug] = condition.name
            let type = statement.exerciseType.rawValue
            if !(types[condition.slug] ?? []).contains(type) { types[condition.slug, default: []].append(type) }
        }
        let parts = order.map { slug -> String in
            let list = types[slug] ?? []
            let joined = list.count <= 1 ? list.joined() : list.dropLast().joined(separator: ", ") + " and " + (list.last ?? "")
            return "\(names[slug] ?? slug) (\(joined) exercise)"
        }
        switch parts.count {
        case 0: return "none of the conditions"
        case 1: return parts[0]
        default: return parts.dropLast().joined(separator: ", ") + " and " + (parts.last ?? "")
        }
    }

    /// " (for Fibromyalgia (aerobic) a statement of the review without a described study, more pain
    /// in some patients)": the basis and hedge of every statement behind the text that is not a
    /// described study, so that a rule's text never says more than its weakest statement.
    func evidenceNotes(_ statements: [(condition: Condition, statement: EAStatement)]) -> String {
        let notes = statements.filter { $0.statement.evidenceBasis != .published }.map { condition, statement in
            "for \(condition.name) (\(statement.exerciseType.rawValue)) \(statement.evidenceBasis.claimBasis.label)"
                + (statement.qualifier.map { ", \($0)" } ?? "")
        }
        return notes.isEmpty ? "" : " (" + notes.joined(separator: "; ") + ")"
    }
    var factors: String {
        profile.cognitiveEmotionalFactors.map { String($0.rawValue.map { $0 == "-" ? " " : $0 }) }.joined(separator: ", ")
    }

    /// Fills `{conditions}`, `{conditionsWithTypes}`, `{evidenceNotes}`, `{painfulRegions}` and
    /// `{factors}` in one pass over the template
    /// (plain Swift: Foundation's replacingOccurrences is slow on Linux and this is a hot path).
    func fill(_ text: String, conditions: [Condition], statements: [(condition: Condition, statement: EAStatement)] = []) -> String {
        // Braces are found in the UTF-8 bytes: a scan by Character was about half of this
        // function's time. The templates are the rule set's own text, with no braces inside a cluster.
        let (openBrace, closeBrace) = (UInt8(ascii: "{"), UInt8(ascii: "}"))
        guard text.utf8.contains(openBrace) else { return text }
        var result = ""
        var rest = Substring(text)
        while let open = rest.utf8.firstIndex(of: openBrace), let close = rest.utf8[open...].firstIndex(of: closeBrace) {
            result += rest[..<open]
            switch rest[rest.utf8.index(after: open)..<close] {
            case "conditions": result += RecommendationEngine.names(conditions)
            case "conditionsWithTypes": result += conditionsWithTypes(statements)
            case "evidenceNotes": result += evidenceNotes(statements)
            case "painfulRegions": result += profile.painfulRegions.isEmpty || !profile.hasPainFreeRegions ? "" : " (painful: \(regions))"
            case "factors": result += factors
            default: result += rest[open..<rest.utf8.index(after: close)]
            }
            rest = rest[rest.utf8.index(after: close)...]
        }
        return result + rest
    }
}
