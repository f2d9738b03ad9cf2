import Foundation

/// One cell of a condition's EA profile: the expected acute response to one exercise type at one site.
public struct EACell: Sendable, Hashable {
    public var exerciseType: ExerciseType
    public var site: Site
    public var response: PainResponse
    /// True when the review addresses this cell itself; false when derived from other cells or unknown.
    public var stated: Bool
    /// The stated statement's basis (nil for a derived or unknown cell).
    public var evidenceBasis: EvidenceBasis?
    /// What the cell rests on: the statement's basis, `inferred` for a derived cell, `not-studied` for an unknown one.
    public var basis: ClaimBasis
    /// The review's hedge, e.g. "in some patients".
    public var qualifier: String?
    /// Where in the review the statement behind the cell comes from.
    public var locator: ReviewLocator?
    public var rationale: String
    public var findingIDs: [String]
    /// The review's reference numbers behind the cell's findings (none for a statement of the
    /// review without a described study).
    public var references: [Int]

    /// "hyperalgesia (a statement of the review without a described study; in some patients)" or
    /// "no-change (studies the review describes, ref 39; one study)".
    public var responseWithBasis: String {
        var basisText = basis.label
        if basis == .study, !references.isEmpty {
            basisText += references.count == 1 ? ", ref \(references[0])" : ", refs \(references.map(String.init).joined(separator: ", "))"
        }
        if let qualifier { basisText += "; \(qualifier)" }
        return "\(response.rawValue) (\(basisText))"
    }
}

/// An immutable, indexed snapshot of the knowledge, with the links the store holds one way
/// derived in both directions. Built once per knowledge-base version and shared by all requests.
public struct KnowledgeBase: Sendable {
    /// The semantic version set by migrations and curated writes.
    public let semver: String
    /// The store's change counter.
    public let revision: Int
    /// Hex SHA-256 of the canonical encoding of `content` (computed by the caller).
    public let contentHash: String
    /// `<semver>+<first 12 hex digits of the content hash>`: the value clients see.
    public let version: String

    public let content: KnowledgeContent
    public let conditions: [Condition]
    public let mechanisms: [Mechanism]
    public let findings: [Finding]
    public let guidelines: [Guideline]

    private let conditionIndex: [String: Condition]
    private let mechanismIndex: [String: Mechanism]
    private let findingIndex: [String: Finding]
    private let guidelineIndex: [String: Guideline]
    private let populationIndex: [String: Population]
    private let sourceIndex: [String: Source]
    private let citationIndex: [Int: Citation]
    /// Each finding's reference numbers, by id (read per recommendation without copying the finding).
    private let referencesByFinding: [String: [Int]]
    private let findingsByCondition: [String: [String]]
    private let findingsByMechanism: [String: [MechanismFindingLink]]
    private let guidelinesByCondition: [String: [String]]
    private let guidelinesByFinding: [String: [String]]
    private let profiles: [String: [EACell]]
    private let codeRows: [(Condition, ConditionCode)]
    /// What `lookUp` compares of each of `codeRows`, so that it copies no `Condition` per code.
    private let codeRowKeys: [CodeRowKey]
    /// `codeRows` indices per code system: exact codes by their code, prefix codes in a list
    /// (a problem list of hundreds of Conditions looks each one up; see `lookUp`).
    private let exactCodeRows: [CodeSystem: [String: [Int]]]
    private let prefixCodeRows: [CodeSystem: [Int]]

    /// A finding's link as seen from a mechanism.
    public struct MechanismFindingLink: Sendable, Hashable {
        public var findingID: String
        public var relation: MechanismRelation
    }

    public init(content: KnowledgeContent, contentHash: String) {
        self.content = content
        self.semver = content.semver
        self.revision = content.revision
        self.contentHash = contentHash
        self.version = "\(content.semver)+\(contentHash.prefix(12))"

        conditions = content.conditions.sorted { $0.slug < $1.slug }
        mechanisms = content.mechanisms.sorted { $0.slug < $1.slug }
        findings = content.findings.sorted { $0.id < $1.id }
        guidelines = content.guidelines.sorted(by: Self.guidelineOrder)

        conditionIndex = Dictionary(conditions.map { ($0.slug, $0) }, uniquingKeysWith: { first, _ in first })
        mechanismIndex = Dictionary(mechanisms.map { ($0.slug, $0) }, uniquingKeysWith: { first, _ in first })
        findingIndex = Dictionary(findings.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let referencesByFinding = findingIndex.mapValues(\.referenceNumbers)
        self.referencesByFinding = referencesByFinding
        guidelineIndex = Dictionary(guidelines.map { ($0.slug, $0) }, uniquingKeysWith: { first, _ in first })
        populationIndex = Dictionary(content.populations.map { ($0.slug, $0) }, uniquingKeysWith: { first, _ in first })
        sourceIndex = Dictionary(content.sources.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        citationIndex = Dictionary(content.citations.map { ($0.refNumber, $0) }, uniquingKeysWith: { first, _ in first })

        var byCondition: [String: [String]] = [:]
        var byMechanism: [String: [MechanismFindingLink]] = [:]
        for finding in findings {
            var slugs = Set(finding.conditionSlugs)
            for condition in content.conditions
            where condition.eaStatements.contains(where: { $0.findingIDs.contains(finding.id) }) {
                slugs.insert(condition.slug)
            }
            for slug in slugs { byCondition[slug, default: []].append(finding.id) }
            for link in finding.mechanismLinks {
                byMechanism[link.mechanismSlug, default: []].append(.init(findingID: finding.id, relation: link.relation))
            }
        }
        findingsByCondition = byCondition
        findingsByMechanism = byMechanism

        var guidelinesForCondition: [String: [String]] = [:]
        var guidelinesForFinding: [String: [String]] = [:]
        for guideline in guidelines {
            for slug in guideline.conditionSlugs { guidelinesForCondition[slug, default: []].append(guideline.slug) }
            for id in guideline.findingIDs { guidelinesForFinding[id, default: []].append(guideline.slug) }
        }
        guidelinesByCondition = guidelinesForCondition
        guidelinesByFinding = guidelinesForFinding.mapValues { $0.sorted() }

        let references: ([String]) -> [Int] = { ids in Self.referenceNumbers(of: ids, in: referencesByFinding) }
        profiles = Dictionary(
            conditions.map { ($0.slug, Self.profile(of: $0, references: references)) },
            uniquingKeysWith: { first, _ in first }
        )
        let rows = conditions.flatMap { condition in condition.codes.map { (condition, $0) } }
        var exact: [CodeSystem: [String: [Int]]] = [:]
        var prefix: [CodeSystem: [Int]] = [:]
        for (index, (_, row)) in rows.enumerated() {
            switch row.match {
            case .exact: exact[row.system, default: [:]][row.code, default: []].append(index)
            case .prefix: prefix[row.system, default: []].append(index)
            }
        }
        codeRows = rows
        codeRowKeys = rows.map { condition, row in CodeRowKey(code: row.code, exact: row.match == .exact, length: row.code.count, slug: condition.slug) }
        exactCodeRows = exact
        prefixCodeRows = prefix
    }

    /// Every EA statement in the review concerns one bout of exercise; every cell's rationale says so.
    public static let acuteOnlyNote =
        "The review's studies of exercise-induced analgesia measure the acute response to one bout of exercise, not the effect of an exercise-therapy programme."

    /// Table 1 in table order, then the text's guidance, then research hypotheses; each group by slug.
    static func guidelineOrder(_ lhs: Guideline, _ rhs: Guideline) -> Bool {
        func rank(_ guideline: Guideline) -> (Int, Int, String) {
            switch (guideline.kind, guideline.origin) {
            case (.practice, .table1): (0, guideline.tablePosition ?? 0, guideline.slug)
            case (.practice, .text): (1, 0, guideline.slug)
            case (.researchHypothesis, _): (2, 0, guideline.slug)
            }
        }
        return rank(lhs) < rank(rhs)
    }

    // MARK: Lookup

    public func condition(_ slug: String) -> Condition? { conditionIndex[slug] }
    public func mechanism(_ slug: String) -> Mechanism? { mechanismIndex[slug] }
    public func finding(_ id: String) -> Finding? { findingIndex[id] }
    public func guideline(_ slug: String) -> Guideline? { guidelineIndex[slug] }
    public func population(_ slug: String) -> Population? { populationIndex[slug] }
    public func source(_ id: String) -> Source? { sourceIndex[id] }
    public func citation(refNumber: Int) -> Citation? { citationIndex[refNumber] }

    /// Findings about a condition: those linked to it and those its EA profile rests on, by id.
    public func findingIDs(forCondition slug: String) -> [String] { findingsByCondition[slug] ?? [] }
    /// Findings bearing on a mechanism, by id.
    public func findingLinks(forMechanism slug: String) -> [MechanismFindingLink] { findingsByMechanism[slug] ?? [] }
    /// Guidelines that apply to a condition, in guideline order.
    public func guidelineSlugs(forCondition slug: String) -> [String] { guidelinesByCondition[slug] ?? [] }
    /// Guidelines that rest on a finding, by slug.
    public func guidelineSlugs(forFinding id: String) -> [String] { guidelinesByFinding[id] ?? [] }

    /// The named cautions ("Name: caution") of the linked conditions (unknown slugs add none), in
    /// link order: what an item about them must show wherever it is shown (its page, its JSON).
    public func cautions(ofConditions slugs: [String]) -> [String] {
        slugs.compactMap(condition).compactMap(\.namedCaution)
    }

    /// The review's reference numbers behind a guideline, through its findings.
    public func referenceNumbers(forGuideline guideline: Guideline) -> [Int] {
        referenceNumbers(ofFindings: guideline.findingIDs)
    }

    /// The review's reference numbers behind some findings (unknown ids add none), in order, once each.
    public func referenceNumbers(ofFindings ids: [String]) -> [Int] {
        Self.referenceNumbers(of: ids, in: referencesByFinding)
    }

    private static func referenceNumbers(of ids: [String], in referencesByFinding: [String: [Int]]) -> [Int] {
        ids.flatMap { referencesByFinding[$0] ?? [] }.sortedUnique()
    }

    /// The condition a coded token maps to, when it maps to one the review studied (a broader
    /// code included: see `lookUp` for its caveat).
    public func conditions(matching system: CodeSystem, code: String) -> [Condition] {
        if case .covered(let condition, _) = lookUp(system: system, code: code) { return [condition] }
        return []
    }

    /// What a code means here. The most specific stored code that matches decides (an exact
    /// code over a prefix, a longer prefix over a shorter one), so a prefix can carve out the
    /// codes under it that name something else. An acute initial-encounter code is refused even
    /// when it falls under a covered code.
    public func lookUp(system: CodeSystem, code: String) -> CodeLookup {
        let normalized = system.normalize(code)
        // The rows `ConditionCode.matches` accepts, in stored order, found through the indices.
        var matches = exactCodeRows[system]?[normalized] ?? []
        matches += prefixCodeRows[system, default: []].filter { normalized.hasPrefix(codeRowKeys[$0].code) }
        matches.sort()
        // The most specific: exact over prefix, then the longer code, then the alphabetically first
        // slug; on a full tie, the first stored row (as `max(by:)` over the sorted indices chose).
        guard var best = matches.first else { return .unknown }
        for index in matches.dropFirst() {
            if codeRowKeys[best].ranksBelow(codeRowKeys[index]) { best = index }
        }
        let (condition, row) = codeRows[best]
        if row.scope == .excluded {
            return .refused(condition: condition, code: row, reason: row.caveat ?? "it names patients the review did not study")
        }
        if let acute = system.acuteEncounterReason(normalized) {
            return .refused(condition: condition, code: row, reason: acute)
        }
        return .covered(condition: condition, code: row)
    }

    /// The parts of a stored code that decide which of several matching codes wins.
    private struct CodeRowKey {
        let code: String
        let exact: Bool
        /// `code.count`, counted once.
        let length: Int
        let slug: String

        /// Less specific than `other`; on equal specificity, the later slug ranks below.
        func ranksBelow(_ other: CodeRowKey) -> Bool {
            (exact ? 1 : 0, length, other.slug) < (other.exact ? 1 : 0, other.length, slug)
        }
    }

    // MARK: EA profiles

    /// Every exercise type at every site (15 cells), in vocabulary order.
    public func eaProfile(of slug: String) -> [EACell] { profiles[slug] ?? [] }

    /// The cell for one exercise type and site.
    public func eaCell(of slug: String, exerciseType: ExerciseType, site: Site) -> EACell? {
        eaProfile(of: slug).first { $0.exerciseType == exerciseType && $0.site == site }
    }

    /// Completes a condition's statements to the full grid. A site the review does not address
    /// inherits the `any` statement; `any` without a statement takes the least favourable of the
    /// site statements (the exercised part may be the painful one); the rest is `unknown`.
    ///
    /// Every cell says what it rests on: a stated cell its statement's basis, a derived one
    /// `inferred` (the review does not state it), an unknown one `not-studied`; and every
    /// rationale ends with `acuteOnlyNote`.
    static func profile(of condition: Condition, references: ([String]) -> [Int]) -> [EACell] {
        var cells: [EACell] = []
        func cell(
            _ type: ExerciseType,
            _ site: Site,
            _ response: PainResponse,
            stated: EAStatement?,
            basis: ClaimBasis,
            qualifier: String?,
            rationale: String,
            findings: [String],
            citable: Bool = true
        ) -> EACell {
            let sortedFindings = Array(Set(findings)).sorted()
            return EACell(
                exerciseType: type,
                site: site,
                response: response,
                stated: stated != nil,
                evidenceBasis: stated?.evidenceBasis,
                basis: basis,
                qualifier: qualifier,
                locator: stated?.locator,
                rationale: rationale + " " + acuteOnlyNote,
                findingIDs: sortedFindings,
                // A statement without a described study rests on findings about other
                // conditions; their reference numbers would read as evidence for this one.
                references: citable && basis != .reviewStatement ? references(sortedFindings) : []
            )
        }
        for type in ExerciseType.allCases {
            let statements = condition.eaStatements.filter { $0.exerciseType == type }
            for site in Site.allCases {
                if let stated = statements.first(where: { $0.site == site }) {
                    cells.append(
                        cell(
                            type, site, stated.response, stated: stated, basis: stated.evidenceBasis.claimBasis,
                            qualifier: stated.qualifier, rationale: stated.rationale, findings: stated.findingIDs
                        )
                    )
                } else if site != .any, let general = statements.first(where: { $0.site == .any }) {
                    var derived = cell(
                        type, site, general.response, stated: nil, basis: .inferred, qualifier: general.qualifier,
                        rationale:
                            "Inferred, not stated by the review: the review does not say whether the \(site == .painfulRegion ? "painful" : "non-painful") region was the one exercised, so its statement for any site (\(general.evidenceBasis.claimBasis.label)) is applied here. \(general.rationale)",
                        findings: general.findingIDs,
                        citable: general.evidenceBasis != .reviewStatement
                    )
                    derived.locator = general.locator
                    cells.append(derived)
                } else if site == .any, let worst = statements.max(by: { $0.response.dysfunctionRank < $1.response.dysfunctionRank }) {
                    let parts = statements.sorted { $0.site.rawValue < $1.site.rawValue }
                        .map { "\($0.site.rawValue): \($0.response.rawValue)" }
                    var derived = cell(
                        type, site, worst.response, stated: nil, basis: .inferred, qualifier: worst.qualifier,
                        rationale:
                            "Inferred, not stated by the review: the response depends on the site (\(parts.joined(separator: "; "))); without knowing which part is exercised, expect the least favourable.",
                        findings: statements.flatMap(\.findingIDs),
                        citable: !statements.contains { $0.evidenceBasis == .reviewStatement }
                    )
                    derived.locator = worst.locator
                    cells.append(derived)
                } else {
                    cells.append(
                        cell(
                            type, site, .unknown, stated: nil, basis: .notStudied, qualifier: nil,
                            rationale: "The review reports no study of \(type.rawValue) exercise in \(condition.name.lowercased()).",
                            findings: []
                        )
                    )
                }
            }
        }
        return cells
    }

    // MARK: Suggestions

    /// Up to `limit` known slugs closest to `name` (edit distance), for "did you mean" answers.
    public static func closest(to name: String, among candidates: [String], limit: Int = 3) -> [String] {
        let needle = name.lowercased()
        let scored = candidates.map { candidate -> (String, Int) in
            // A candidate containing the input (or the reverse) is the best suggestion.
            if candidate.contains(needle) || needle.contains(candidate) { return (candidate, 0) }
            return (candidate, editDistance(needle, candidate))
        }
        let threshold = max(3, needle.count / 2)
        return scored.filter { $0.1 <= threshold }.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.prefix(limit).map(\.0)
    }

    static func editDistance(_ lhs: String, _ rhs: String) -> Int {
        let a = Array(lhs.prefix(128))
        let b = Array(rhs.prefix(128))
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
