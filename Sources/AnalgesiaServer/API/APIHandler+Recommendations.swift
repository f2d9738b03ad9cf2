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
        let answer = try recommendation(for: body, explain: input.query.explain ?? false)
        return .ok(.init(headers: .init(knowledgeBaseVersion: answer.served.version), body: .json(answer.advice)))
    }

    /// The advice for one patient profile, in its API form, and the snapshot that gave it. Both
    /// ways of answering POST /v1/recommendations (this handler and `RenderedAdviceMiddleware`)
    /// come here; a profile that breaks the contract's bounds or names unknown conditions throws
    /// the problem to answer.
    func recommendation(
        for body: Components.Schemas.PatientProfile,
        explain: Bool
    ) throws -> (advice: Components.Schemas.Advice, served: ServedKnowledge) {
        let operation = contract.operation("createRecommendation")
        try Self.checkArray("conditions", body.conditions, operation)
        try Self.checkArray("painfulRegions", body.painfulRegions ?? [], operation)
        try Self.checkArray("cognitiveEmotionalFactors", body.cognitiveEmotionalFactors ?? [], operation)
        try Self.checkArray("medications", body.medications ?? [], operation)

        let served = try store.require()
        let resolved = try Self.resolve(body.conditions, in: served.knowledge)
        let profile = PatientProfile(
            conditionSlugs: resolved.map(\.condition.slug),
            painfulRegions: (body.painfulRegions ?? []).map { wire($0) },
            phase: wire(body.phase ?? .initiation),
            flare: wire(body.flare ?? Components.Schemas.FlareSeverity.none),
            painTrend: wire(body.painTrend ?? .stable),
            cognitiveEmotionalFactors: (body.cognitiveEmotionalFactors ?? []).map { wire($0) },
            medications: (body.medications ?? []).map { wire($0) }
        )
        let advice = served.advise(profile)
        metrics.recommended(grading: advice.grading.decision.rawValue)
        return (Self.represent(advice, conditions: resolved, explain: explain), served)
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

    /// Resolves the patient's conditions in the domain; 400 for an entry that is no coded token
    /// or names an unknown code system, 422 naming every entry that is not covered or is refused
    /// (an acute or out-of-population code), with the closest slugs.
    static func resolve(_ inputs: [String], in knowledge: KnowledgeBase) throws -> [ResolvedCondition] {
        let resolution = knowledge.resolve(inputs)
        if let malformed = resolution.problems.first(where: { $0.kind == .malformedToken || $0.kind == .unknownSystem }) {
            let systems = CodeSystem.allCases.map(\.rawValue)
            throw ProblemError.invalidParameter(
                "conditions[\(malformed.index)]",
                in: .body,
                reason: malformed.reason
                    + " Use a slug or 'system|code', for example 'http://hl7.org/fhir/sid/icd-10-cm|M79.7'; systems: \(systems.joined(separator: ", ")).",
                allowed: systems
            )
        }
        guard resolution.problems.isEmpty else {
            let problems = resolution.problems.map {
                Components.Schemas.InvalidParam(name: "conditions[\($0.index)]", _in: .body, reason: $0.reason)
            }
            let refused = resolution.problems.contains { $0.kind == .refused }
            throw ProblemError(
                status: .unprocessableContent,
                type: "/problems/unknown-condition",
                title: refused ? "Condition not covered" : "Unknown condition",
                detail: problems.map { "\($0.name) \($0.reason)" }.joined(separator: " ")
                    + " Known conditions and their codes are listed at /v1/conditions.",
                invalidParams: problems,
                suggestions: resolution.suggestions
            )
        }
        return resolution.conditions
    }

    /// The API form of the advice; the rule trace only when asked for (`explain`).
    static func represent(_ advice: Advice, conditions: [ResolvedCondition], explain: Bool) -> Components.Schemas.Advice {
        .init(
            disclaimer: Advice.disclaimer,
            knowledgeBaseVersion: advice.knowledgeBaseVersion,
            ruleSetVersion: advice.ruleSetVersion,
            conditions: conditions.map {
                .init(
                    input: $0.input,
                    slug: $0.condition.slug,
                    name: $0.condition.name,
                    matchedBy: $0.matchedBy == .code ? .code : .slug,
                    scope: wire($0.scope),
                    caveat: $0.caveat
                )
            },
            dysfunctionalEA: advice.dysfunctionalEA,
            dysfunctionScope: wire(advice.dysfunctionScope),
            cautions: advice.cautions,
            expectedResponses: advice.expectedResponses.map { expected in
                .init(
                    exerciseType: wire(expected.exerciseType),
                    site: wire(expected.site),
                    response: wire(expected.response),
                    basis: wire(expected.basis),
                    conditions: expected.conditions.map {
                        .init(
                            condition: $0.condition,
                            response: wire($0.response),
                            evidenceBasis: $0.evidenceBasis.map { wire($0) },
                            stated: $0.stated,
                            basis: wire($0.basis),
                            qualifier: $0.qualifier,
                            locator: $0.locator.map(wireLocator),
                            references: $0.references
                        )
                    },
                    findings: expected.findingIDs,
                    rationale: expected.rationale
                )
            },
            grading: .init(
                decision: wire(advice.grading.decision),
                rule: advice.grading.rule,
                reason: advice.grading.reason,
                locator: wireLocator(advice.grading.locator),
                basis: wire(advice.grading.basis),
                extendedBeyondReview: advice.grading.extendedBeyondReview,
                note: advice.grading.note
            ),
            recommendations: advice.recommendations.map {
                .init(
                    rank: $0.rank,
                    guideline: $0.guideline,
                    action: wire($0.action),
                    text: $0.text,
                    rule: $0.rule,
                    findings: $0.findingIDs,
                    references: $0.references,
                    locator: wireLocator($0.locator),
                    basis: wire($0.basis),
                    extendedBeyondReview: $0.extendedBeyondReview,
                    note: $0.note
                )
            },
            researchHypotheses: advice.researchHypotheses.map {
                .init(
                    guideline: $0.guideline,
                    title: $0.title,
                    text: $0.text,
                    rule: $0.rule,
                    locator: wireLocator($0.locator),
                    medications: $0.medications.map { wire($0) },
                    findings: $0.findingIDs,
                    references: $0.references
                )
            },
            trace: !explain ? nil : advice.trace.map {
                .init(
                    rule: $0.rule,
                    kind: wire($0.kind),
                    title: $0.title,
                    source: $0.source,
                    locator: wireLocator($0.locator),
                    basis: wire($0.basis),
                    fired: $0.fired,
                    reason: $0.reason
                )
            }
        )
    }
}
