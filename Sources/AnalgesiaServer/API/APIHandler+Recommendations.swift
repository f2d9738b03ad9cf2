import AnalgesiaAPI
import AnalgesiaKnowledge
import Foundation
import HTTPTypes

extension APIHandler {
    func createRecommendation(
        _ input: Operations.CreateRecommendation.Input
    ) async throws -> Operations.CreateRecommendation.Output {
        guard case .json(let body) = input.body else {
            throw ProblemError(
                status: .unsupportedMediaType,
                type: "/problems/unsupported-media-type",
                title: "Unsupported media type",
                detail: "Send the patient profile as application/json."
            )
        }
        let operation = contract.operation("createRecommendation")
        try Self.checkArray("conditions", body.conditions, operation)
        try Self.checkArray("painfulRegions", body.painfulRegions ?? [], operation)
        try Self.checkArray("cognitiveEmotionalFactors", body.cognitiveEmotionalFactors ?? [], operation)
        try Self.checkArray("medications", body.medications ?? [], operation)

        let served = try store.require()
        let resolved = try Self.resolve(body.conditions, in: served.knowledge)
        let profile = PatientProfile(
            conditionSlugs: resolved.map(\.slug),
            painfulRegions: (body.painfulRegions ?? []).map { wire($0) },
            phase: wire(body.phase ?? .initiation),
            flare: wire(body.flare ?? Components.Schemas.FlareSeverity.none),
            painTrend: wire(body.painTrend ?? .stable),
            cognitiveEmotionalFactors: (body.cognitiveEmotionalFactors ?? []).map { wire($0) },
            medications: (body.medications ?? []).map { wire($0) }
        )
        let advice = served.engine.advise(profile)
        metrics.recommended(grading: advice.grading.decision.rawValue)
        return .ok(
            .init(
                headers: .init(knowledgeBaseVersion: served.version),
                body: .json(Self.represent(advice, conditions: resolved))
            )
        )
    }

    /// Checks an array's length and its strings' lengths against the contract's body schema.
    static func checkArray<Value: RawRepresentable>(_ name: String, _ values: [Value], _ operation: Contract.Operation?) throws
    where Value.RawValue == String {
        try checkArray(name, values.map(\.rawValue), operation)
    }

    static func checkArray(_ name: String, _ values: [String], _ operation: Contract.Operation?) throws {
        guard let schema = operation?.bodyProperties[name] else { return }
        if let minimum = schema.minItems, values.count < minimum {
            throw ProblemError.invalidParameter(
                name,
                in: .body,
                reason: "must list at least \(minimum) item\(minimum == 1 ? "" : "s"); got \(values.count)."
            )
        }
        if let maximum = schema.maxItems, values.count > maximum {
            throw ProblemError.invalidParameter(name, in: .body, reason: "must list at most \(maximum) items; got \(values.count).")
        }
        guard let item = schema.items?.schema else { return }
        for (index, value) in values.enumerated() {
            if let minimum = item.minLength, value.count < minimum {
                throw ProblemError.invalidParameter("\(name)[\(index)]", in: .body, reason: "must be at least \(minimum) characters long.")
            }
            if let maximum = item.maxLength, value.count > maximum {
                throw ProblemError.invalidParameter("\(name)[\(index)]", in: .body, reason: "must be at most \(maximum) characters long.")
            }
        }
    }

    /// A condition named by slug or by a coded token, as resolved.
    struct ResolvedCondition {
        var input: String
        var slug: String
        var name: String
        var matchedBy: Components.Schemas.ResolvedCondition.MatchedByPayload
    }

    /// Resolves every entry, or answers 422 naming every entry that is not covered, with the
    /// closest slugs (a synonym such as "CFS" suggests its condition first).
    static func resolve(_ inputs: [String], in knowledge: KnowledgeBase) throws -> [ResolvedCondition] {
        var resolved: [ResolvedCondition] = []
        var problems: [Components.Schemas.InvalidParam] = []
        var suggestions: [String] = []
        let slugs = knowledge.conditions.map(\.slug)
        for (index, raw) in inputs.enumerated() {
            let input = raw.trimmingCharacters(in: .whitespaces)
            let field = "conditions[\(index)]"
            if input.contains("|") {
                let (system, code) = try parseCodedToken(input, parameter: field, location: .body)
                let matches = knowledge.conditions(matching: system, code: code)
                if matches.isEmpty {
                    problems.append(
                        .init(
                            name: field,
                            _in: .body,
                            reason: "code '\(code.prefix(40))' in \(system.rawValue) maps to no condition this service covers."
                        )
                    )
                }
                resolved += matches.map { ResolvedCondition(input: input, slug: $0.slug, name: $0.name, matchedBy: .code) }
            } else if let condition = knowledge.condition(input) {
                resolved.append(ResolvedCondition(input: input, slug: condition.slug, name: condition.name, matchedBy: .slug))
            } else {
                let bySynonym = knowledge.conditions.filter { condition in
                    condition.synonyms.contains { $0.caseInsensitiveCompare(input) == .orderedSame }
                        || condition.name.caseInsensitiveCompare(input) == .orderedSame
                }.map(\.slug)
                let close = bySynonym + KnowledgeBase.closest(to: input, among: slugs).filter { !bySynonym.contains($0) }
                suggestions += close.filter { !suggestions.contains($0) }
                problems.append(
                    .init(
                        name: field,
                        _in: .body,
                        reason: "'\(input.prefix(60))' is not a known condition slug or coded token.\(ProblemError.didYouMean(close.prefix(3)))"
                    )
                )
            }
        }
        if !problems.isEmpty {
            throw ProblemError(
                status: .unprocessableContent,
                type: "/problems/unknown-condition",
                title: "Unknown condition",
                detail: problems.map { "\($0.name) \($0.reason)" }.joined(separator: " ")
                    + " Known conditions are listed at /v1/conditions.",
                invalidParams: problems,
                suggestions: Array(suggestions.prefix(5))
            )
        }
        var seen = Set<String>()
        return resolved.filter { seen.insert($0.slug).inserted }
    }

    static func represent(_ advice: Advice, conditions: [ResolvedCondition]) -> Components.Schemas.Advice {
        .init(
            disclaimer: Advice.disclaimer,
            knowledgeBaseVersion: advice.knowledgeBaseVersion,
            ruleSetVersion: advice.ruleSetVersion,
            conditions: conditions.map { .init(input: $0.input, slug: $0.slug, name: $0.name, matchedBy: $0.matchedBy) },
            dysfunctionalEA: advice.dysfunctionalEA,
            expectedResponses: advice.expectedResponses.map { expected in
                .init(
                    exerciseType: wire(expected.exerciseType),
                    site: wire(expected.site),
                    response: wire(expected.response),
                    conditions: expected.conditions.map {
                        .init(
                            condition: $0.condition,
                            response: wire($0.response),
                            evidenceBasis: $0.evidenceBasis.map { wire($0) },
                            stated: $0.stated
                        )
                    },
                    findings: expected.findingIDs,
                    rationale: expected.rationale
                )
            },
            grading: .init(decision: wire(advice.grading.decision), rule: advice.grading.rule, reason: advice.grading.reason),
            recommendations: advice.recommendations.map {
                .init(
                    rank: $0.rank,
                    guideline: $0.guideline,
                    action: wire($0.action),
                    text: $0.text,
                    rule: $0.rule,
                    findings: $0.findingIDs,
                    references: $0.references
                )
            },
            researchHypotheses: advice.researchHypotheses.map {
                .init(
                    guideline: $0.guideline,
                    title: $0.title,
                    text: $0.text,
                    rule: $0.rule,
                    medications: $0.medications.map { wire($0) },
                    findings: $0.findingIDs,
                    references: $0.references
                )
            },
            trace: advice.trace.map {
                .init(rule: $0.rule, kind: wire($0.kind), title: $0.title, source: $0.source, fired: $0.fired, reason: $0.reason)
            }
        )
    }
}
