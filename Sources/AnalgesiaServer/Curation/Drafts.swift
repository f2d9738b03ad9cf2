import AnalgesiaAPI
import AnalgesiaKnowledge
import Foundation

// The input form of each curated kind (the `…Input` schemas of openapi.yaml) and the domain
// items, both ways. Writes decode the input form into a domain item; PATCH, history and export
// start from the domain item's input form.

/// The kinds a curator writes, with what the API calls their parts.
extension ItemKind {
    var keyField: String { self == .finding ? "id" : "slug" }
    var plural: String { rawValue + "s" }
    var inputSchema: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() + "Input" }
}

enum Drafts {
    // MARK: Condition

    static func input(_ condition: Condition) -> Components.Schemas.ConditionInput {
        .init(
            slug: condition.slug,
            name: condition.name,
            summary: condition.summary,
            synonyms: condition.synonyms,
            codes: condition.codes.map {
                .init(
                    system: wire($0.system),
                    code: $0.code,
                    display: $0.display,
                    match: wire($0.match),
                    scope: $0.scope == .exact ? nil : wire($0.scope),
                    caveat: $0.caveat
                )
            },
            centralSensitization: .init(characteristic: condition.centralSensitization, note: condition.centralSensitizationNote),
            eaSummary: condition.eaSummary,
            eaStatements: condition.eaStatements.map {
                .init(
                    exerciseType: wire($0.exerciseType),
                    site: wire($0.site),
                    response: wire($0.response),
                    evidenceBasis: wire($0.evidenceBasis),
                    rationale: $0.rationale,
                    locator: $0.locator?.description ?? "",
                    qualifier: $0.qualifier,
                    findings: $0.findingIDs
                )
            },
            caution: condition.caution,
            source: condition.sourceID
        )
    }

    static func condition(_ input: Components.Schemas.ConditionInput, source: String, version: Int) -> Condition {
        Condition(
            slug: input.slug,
            name: input.name,
            summary: input.summary,
            synonyms: input.synonyms ?? [],
            codes: (input.codes ?? []).map { code in
                let system: CodeSystem = wire(code.system)
                return ConditionCode(
                    system: system,
                    code: system.normalize(code.code),
                    display: code.display,
                    match: wire(code.match),
                    scope: code.scope.map { wire($0) } ?? .exact,
                    caveat: code.caveat
                )
            },
            centralSensitization: input.centralSensitization.characteristic,
            centralSensitizationNote: input.centralSensitization.note,
            eaSummary: input.eaSummary,
            eaStatements: (input.eaStatements ?? []).map {
                EAStatement(
                    exerciseType: wire($0.exerciseType),
                    site: wire($0.site),
                    response: wire($0.response),
                    evidenceBasis: wire($0.evidenceBasis),
                    rationale: $0.rationale,
                    findingIDs: $0.findings ?? [],
                    locator: ReviewLocator($0.locator),
                    qualifier: $0.qualifier
                )
            },
            caution: input.caution,
            sourceID: input.source ?? source,
            version: version
        )
    }

    // MARK: Mechanism

    static func input(_ mechanism: Mechanism) -> Components.Schemas.MechanismInput {
        .init(
            slug: mechanism.slug,
            name: mechanism.name,
            summary: mechanism.summary,
            verdict: wire(mechanism.verdict),
            verdictRationale: mechanism.verdictRationale,
            locator: mechanism.locator?.description ?? "",
            basis: wire(mechanism.basis ?? .reviewStatement),
            source: mechanism.sourceID
        )
    }

    static func mechanism(_ input: Components.Schemas.MechanismInput, source: String, version: Int) -> Mechanism {
        Mechanism(
            slug: input.slug,
            name: input.name,
            summary: input.summary,
            verdict: wire(input.verdict),
            verdictRationale: input.verdictRationale,
            locator: ReviewLocator(input.locator),
            basis: wire(input.basis),
            sourceID: input.source ?? source,
            version: version
        )
    }

    // MARK: Finding

    static func input(_ finding: Finding) -> Components.Schemas.FindingInput {
        let exercise = finding.exercise
        return .init(
            id: finding.id,
            title: finding.title,
            summary: finding.summary,
            evidenceStatus: wire(finding.evidenceStatus),
            locator: finding.locator?.description ?? "",
            basis: wire(finding.basis ?? .reviewStatement),
            studyDesign: finding.studyDesign,
            namedAuthors: finding.namedAuthors,
            exercise: exercise.isEmpty
                ? nil
                : .init(
                    _type: exercise.type.map { wire($0) },
                    _protocol: exercise.description,
                    muscles: exercise.muscles,
                    intensity: exercise.intensity,
                    duration: exercise.duration
                ),
            measures: finding.measures,
            measurementSites: finding.measurementSites,
            results: finding.results.map {
                .init(population: $0.populationSlug, site: wire($0.site), response: $0.response.map { wire($0) }, outcome: $0.outcome)
            },
            conditions: finding.conditionSlugs,
            mechanisms: finding.mechanismLinks.map { .init(slug: $0.mechanismSlug, relation: wire($0.relation)) },
            references: finding.referenceNumbers,
            source: finding.sourceID
        )
    }

    static func finding(_ input: Components.Schemas.FindingInput, source: String, version: Int) -> Finding {
        Finding(
            id: input.id,
            title: input.title,
            summary: input.summary,
            evidenceStatus: wire(input.evidenceStatus),
            studyDesign: input.studyDesign,
            namedAuthors: input.namedAuthors,
            exercise: ExerciseProtocol(
                type: input.exercise?._type.map { wire($0) },
                description: input.exercise?._protocol,
                muscles: input.exercise?.muscles ?? [],
                intensity: input.exercise?.intensity,
                duration: input.exercise?.duration
            ),
            measures: input.measures ?? [],
            measurementSites: input.measurementSites ?? [],
            results: (input.results ?? []).map {
                FindingResult(
                    populationSlug: $0.population,
                    site: $0.site.map { wire($0) } ?? .any,
                    response: $0.response.map { wire($0) },
                    outcome: $0.outcome
                )
            },
            referenceNumbers: input.references ?? [],
            conditionSlugs: input.conditions ?? [],
            mechanismLinks: (input.mechanisms ?? []).map { MechanismLink(mechanismSlug: $0.slug, relation: wire($0.relation)) },
            locator: ReviewLocator(input.locator),
            basis: wire(input.basis),
            sourceID: input.source ?? source,
            version: version
        )
    }

    // MARK: Guideline

    static func input(_ guideline: Guideline) -> Components.Schemas.GuidelineInput {
        .init(
            slug: guideline.slug,
            title: guideline.title,
            advice: guideline.advice,
            rationale: guideline.rationale,
            kind: wire(guideline.kind),
            origin: wire(guideline.origin),
            tablePosition: guideline.tablePosition,
            evidenceLevel: wire(guideline.evidenceLevel),
            locator: guideline.locator?.description ?? "",
            conditions: guideline.conditionSlugs,
            findings: guideline.findingIDs,
            source: guideline.sourceID
        )
    }

    static func guideline(_ input: Components.Schemas.GuidelineInput, source: String, version: Int) -> Guideline {
        Guideline(
            slug: input.slug,
            title: input.title,
            advice: input.advice,
            rationale: input.rationale,
            kind: wire(input.kind),
            origin: wire(input.origin),
            tablePosition: input.tablePosition,
            evidenceLevel: wire(input.evidenceLevel),
            conditionSlugs: input.conditions ?? [],
            findingIDs: input.findings ?? [],
            locator: ReviewLocator(input.locator),
            sourceID: input.source ?? source,
            version: version
        )
    }
}

/// One curated item of any kind, as the write pipeline handles it.
enum CuratedItem: Sendable, Hashable {
    case condition(Condition)
    case mechanism(Mechanism)
    case finding(Finding)
    case guideline(Guideline)

    var kind: ItemKind {
        switch self {
        case .condition: .condition
        case .mechanism: .mechanism
        case .finding: .finding
        case .guideline: .guideline
        }
    }

    var key: String {
        switch self {
        case .condition(let item): item.slug
        case .mechanism(let item): item.slug
        case .finding(let item): item.id
        case .guideline(let item): item.slug
        }
    }

    var version: Int {
        switch self {
        case .condition(let item): item.version
        case .mechanism(let item): item.version
        case .finding(let item): item.version
        case .guideline(let item): item.version
        }
    }

    func withVersion(_ version: Int) -> CuratedItem {
        switch self {
        case .condition(var item):
            item.version = version
            return .condition(item)
        case .mechanism(var item):
            item.version = version
            return .mechanism(item)
        case .finding(var item):
            item.version = version
            return .finding(item)
        case .guideline(var item):
            item.version = version
            return .guideline(item)
        }
    }

    /// The item's input form as JSON.
    func inputJSON() throws -> JSONValue {
        switch self {
        case .condition(let item): try JSONValue(encoding: Drafts.input(item))
        case .mechanism(let item): try JSONValue(encoding: Drafts.input(item))
        case .finding(let item): try JSONValue(encoding: Drafts.input(item))
        case .guideline(let item): try JSONValue(encoding: Drafts.input(item))
        }
    }

    /// Decodes an input form (already checked against its schema) of `kind`.
    static func decode(_ json: JSONValue, kind: ItemKind, source: String, version: Int) throws -> CuratedItem {
        switch kind {
        case .condition:
            .condition(Drafts.condition(try json.decode(as: Components.Schemas.ConditionInput.self), source: source, version: version))
        case .mechanism:
            .mechanism(Drafts.mechanism(try json.decode(as: Components.Schemas.MechanismInput.self), source: source, version: version))
        case .finding:
            .finding(Drafts.finding(try json.decode(as: Components.Schemas.FindingInput.self), source: source, version: version))
        case .guideline:
            .guideline(Drafts.guideline(try json.decode(as: Components.Schemas.GuidelineInput.self), source: source, version: version))
        }
    }
}

extension KnowledgeBase {
    /// The live item of `kind` with `key`, if any.
    func curatedItem(_ kind: ItemKind, _ key: String) -> CuratedItem? {
        switch kind {
        case .condition: condition(key).map(CuratedItem.condition)
        case .mechanism: mechanism(key).map(CuratedItem.mechanism)
        case .finding: finding(key).map(CuratedItem.finding)
        case .guideline: guideline(key).map(CuratedItem.guideline)
        }
    }
}
