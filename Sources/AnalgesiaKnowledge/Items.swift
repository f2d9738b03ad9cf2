import Foundation

// The knowledge items as stored. Links between items are held one way here (as in the store);
// `KnowledgeBase` derives the reverse links.

/// The publication the knowledge comes from.
public struct Source: Codable, Sendable, Hashable {
    public var id: String
    public var kind: String
    public var citation: String
    public var authors: [String]
    public var title: String
    public var journal: String
    public var year: Int
    public var volume: String
    public var pages: String
    public var doi: String
    public var url: String

    public init(
        id: String,
        kind: String,
        citation: String,
        authors: [String],
        title: String,
        journal: String,
        year: Int,
        volume: String,
        pages: String,
        doi: String,
        url: String
    ) {
        self.id = id
        self.kind = kind
        self.citation = citation
        self.authors = authors
        self.title = title
        self.journal = journal
        self.year = year
        self.volume = volume
        self.pages = pages
        self.doi = doi
        self.url = url
    }
}

/// A primary study matched to one of the source's numbered references.
public struct Citation: Codable, Sendable, Hashable {
    public var sourceID: String
    public var refNumber: Int
    public var firstAuthor: String
    public var year: Int
    public var title: String
    public var journal: String
    public var volumePages: String?
    public var doi: String?
    public var pmid: String?
    public var matchBasis: String

    public init(
        sourceID: String,
        refNumber: Int,
        firstAuthor: String,
        year: Int,
        title: String,
        journal: String,
        volumePages: String?,
        doi: String?,
        pmid: String?,
        matchBasis: String
    ) {
        self.sourceID = sourceID
        self.refNumber = refNumber
        self.firstAuthor = firstAuthor
        self.year = year
        self.title = title
        self.journal = journal
        self.volumePages = volumePages
        self.doi = doi
        self.pmid = pmid
        self.matchBasis = matchBasis
    }

    /// The parts of a journal citation the record lacks (`volume`, `pages`), read from
    /// `volumePages` (`VOLUME(ISSUE):FIRST-LAST`), so that an incomplete citation says so.
    public var missingParts: [String] {
        guard let text = volumePages?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return ["volume", "pages"] }
        let volume = text.prefix { $0.isNumber }
        var missing: [String] = []
        if volume.isEmpty { missing.append("volume") }
        if !text.contains(":") { missing.append("pages") }
        return missing
    }
}

/// A code an EHR may send for a condition.
public struct ConditionCode: Codable, Sendable, Hashable {
    public var system: CodeSystem
    /// Upper case, without dots.
    public var code: String
    public var display: String
    public var match: CodeMatch
    /// Whether the code names the population the review studied.
    public var scope: CodeScope
    /// For a broader code, what the clinician must confirm; for an excluded one, why it is refused.
    public var caveat: String?

    public init(system: CodeSystem, code: String, display: String, match: CodeMatch, scope: CodeScope = .exact, caveat: String? = nil) {
        self.system = system
        self.code = code
        self.display = display
        self.match = match
        self.scope = scope
        self.caveat = caveat
    }

    /// Whether a code sent in `system` (in any case, with or without dots) matches this one.
    public func matches(system: CodeSystem, code sent: String) -> Bool {
        guard system == self.system else { return false }
        let normalized = system.normalize(sent)
        switch match {
        case .exact: return normalized == code
        case .prefix: return normalized.hasPrefix(code)
        }
    }
}

/// What the review says about one condition's acute response to one exercise type at one site.
public struct EAStatement: Codable, Sendable, Hashable {
    public var exerciseType: ExerciseType
    public var site: Site
    public var response: PainResponse
    public var evidenceBasis: EvidenceBasis
    public var rationale: String
    public var findingIDs: [String]
    /// Where in the review the statement comes from.
    public var locator: ReviewLocator?
    /// The review's hedge on the statement, e.g. "in some patients".
    public var qualifier: String?

    public init(
        exerciseType: ExerciseType,
        site: Site,
        response: PainResponse,
        evidenceBasis: EvidenceBasis,
        rationale: String,
        findingIDs: [String],
        locator: ReviewLocator? = nil,
        qualifier: String? = nil
    ) {
        self.exerciseType = exerciseType
        self.site = site
        self.response = response
        self.evidenceBasis = evidenceBasis
        self.rationale = rationale
        self.findingIDs = findingIDs
        self.locator = locator
        self.qualifier = qualifier
    }
}

/// A chronic pain condition.
public struct Condition: Codable, Sendable, Hashable {
    public var slug: String
    public var name: String
    public var summary: String
    public var synonyms: [String]
    public var codes: [ConditionCode]
    public var centralSensitization: Bool
    public var centralSensitizationNote: String
    public var eaSummary: String
    public var eaStatements: [EAStatement]
    /// What a clinician must know beyond the review (e.g. newer guidance it predates); shown with
    /// every answer about the condition.
    public var caution: String?
    public var sourceID: String
    /// Advances with every curated change to the item; 1 as seeded.
    public var version: Int

    public init(
        slug: String,
        name: String,
        summary: String,
        synonyms: [String],
        codes: [ConditionCode],
        centralSensitization: Bool,
        centralSensitizationNote: String,
        eaSummary: String,
        eaStatements: [EAStatement],
        caution: String? = nil,
        sourceID: String,
        version: Int = 1
    ) {
        self.slug = slug
        self.name = name
        self.summary = summary
        self.synonyms = synonyms
        self.codes = codes
        self.centralSensitization = centralSensitization
        self.centralSensitizationNote = centralSensitizationNote
        self.eaSummary = eaSummary
        self.eaStatements = eaStatements
        self.caution = caution
        self.sourceID = sourceID
        self.version = version
    }

    /// The caution named by its condition ("Name: caution"), as advice, cards and pages show it.
    public var namedCaution: String? {
        caution.map { "\(name): \($0)" }
    }
}

/// A group of people studied.
public struct Population: Codable, Sendable, Hashable {
    public var slug: String
    public var name: String
    public var description: String
    public var isReference: Bool
    public var conditionSlug: String?

    public init(slug: String, name: String, description: String, isReference: Bool, conditionSlug: String?) {
        self.slug = slug
        self.name = name
        self.description = description
        self.isReference = isReference
        self.conditionSlug = conditionSlug
    }
}

/// A proposed mechanism of exercise-induced analgesia and the review's verdict on it.
public struct Mechanism: Codable, Sendable, Hashable {
    public var slug: String
    public var name: String
    public var summary: String
    public var verdict: Verdict
    public var verdictRationale: String
    /// Where in the review the verdict comes from.
    public var locator: ReviewLocator?
    /// What the verdict rests on.
    public var basis: ClaimBasis?
    public var sourceID: String
    /// Advances with every curated change to the item; 1 as seeded.
    public var version: Int

    public init(
        slug: String,
        name: String,
        summary: String,
        verdict: Verdict,
        verdictRationale: String,
        locator: ReviewLocator? = nil,
        basis: ClaimBasis? = nil,
        sourceID: String,
        version: Int = 1
    ) {
        self.slug = slug
        self.name = name
        self.summary = summary
        self.verdict = verdict
        self.verdictRationale = verdictRationale
        self.locator = locator
        self.basis = basis
        self.sourceID = sourceID
        self.version = version
    }
}

/// The exercise a finding is about.
public struct ExerciseProtocol: Codable, Sendable, Hashable {
    public var type: FindingExerciseType?
    public var description: String?
    public var muscles: [String]
    public var intensity: String?
    public var duration: String?

    public init(type: FindingExerciseType?, description: String?, muscles: [String], intensity: String?, duration: String?) {
        self.type = type
        self.description = description
        self.muscles = muscles
        self.intensity = intensity
        self.duration = duration
    }

    /// True when nothing about an exercise is known.
    public var isEmpty: Bool {
        type == nil && description == nil && muscles.isEmpty && intensity == nil && duration == nil
    }
}

/// The result of a finding for one population.
public struct FindingResult: Codable, Sendable, Hashable {
    public var populationSlug: String
    public var site: Site
    public var response: PainResponse?
    public var outcome: String

    public init(populationSlug: String, site: Site, response: PainResponse?, outcome: String) {
        self.populationSlug = populationSlug
        self.site = site
        self.response = response
        self.outcome = outcome
    }
}

/// A finding's bearing on a mechanism.
public struct MechanismLink: Codable, Sendable, Hashable {
    public var mechanismSlug: String
    public var relation: MechanismRelation

    public init(mechanismSlug: String, relation: MechanismRelation) {
        self.mechanismSlug = mechanismSlug
        self.relation = relation
    }
}

/// A study result reported by the review.
public struct Finding: Codable, Sendable, Hashable {
    public var id: String
    public var title: String
    public var summary: String
    public var evidenceStatus: EvidenceStatus
    public var studyDesign: String
    public var namedAuthors: String?
    public var exercise: ExerciseProtocol
    public var measures: [String]
    public var measurementSites: [String]
    public var results: [FindingResult]
    public var referenceNumbers: [Int]
    public var conditionSlugs: [String]
    public var mechanismLinks: [MechanismLink]
    /// Where in the review the finding is reported.
    public var locator: ReviewLocator?
    /// What the finding rests on.
    public var basis: ClaimBasis?
    public var sourceID: String
    /// Advances with every curated change to the item; 1 as seeded.
    public var version: Int

    public init(
        id: String,
        title: String,
        summary: String,
        evidenceStatus: EvidenceStatus,
        studyDesign: String,
        namedAuthors: String?,
        exercise: ExerciseProtocol,
        measures: [String],
        measurementSites: [String],
        results: [FindingResult],
        referenceNumbers: [Int],
        conditionSlugs: [String],
        mechanismLinks: [MechanismLink],
        locator: ReviewLocator? = nil,
        basis: ClaimBasis? = nil,
        sourceID: String,
        version: Int = 1
    ) {
        self.id = id
        self.title = title
        self.summary = summary
        self.evidenceStatus = evidenceStatus
        self.studyDesign = studyDesign
        self.namedAuthors = namedAuthors
        self.exercise = exercise
        self.measures = measures
        self.measurementSites = measurementSites
        self.results = results
        self.referenceNumbers = referenceNumbers
        self.conditionSlugs = conditionSlugs
        self.mechanismLinks = mechanismLinks
        self.locator = locator
        self.basis = basis
        self.sourceID = sourceID
        self.version = version
    }
}

/// A practical guideline, or a research hypothesis.
public struct Guideline: Codable, Sendable, Hashable {
    public var slug: String
    public var title: String
    public var advice: String
    public var rationale: String
    public var kind: GuidelineKind
    public var origin: GuidelineOrigin
    public var tablePosition: Int?
    public var evidenceLevel: EvidenceLevel
    public var conditionSlugs: [String]
    public var findingIDs: [String]
    /// Where in the review the guideline comes from.
    public var locator: ReviewLocator?
    public var sourceID: String
    /// Advances with every curated change to the item; 1 as seeded.
    public var version: Int

    public init(
        slug: String,
        title: String,
        advice: String,
        rationale: String,
        kind: GuidelineKind,
        origin: GuidelineOrigin,
        tablePosition: Int?,
        evidenceLevel: EvidenceLevel,
        conditionSlugs: [String],
        findingIDs: [String],
        locator: ReviewLocator? = nil,
        sourceID: String,
        version: Int = 1
    ) {
        self.slug = slug
        self.title = title
        self.advice = advice
        self.rationale = rationale
        self.kind = kind
        self.origin = origin
        self.tablePosition = tablePosition
        self.evidenceLevel = evidenceLevel
        self.conditionSlugs = conditionSlugs
        self.findingIDs = findingIDs
        self.locator = locator
        self.sourceID = sourceID
        self.version = version
    }

    /// What the guideline rests on, from its evidence level.
    public var basis: ClaimBasis {
        switch evidenceLevel {
        case .studyFindings: .study
        case .clinicalReasoning: .clinicalReasoning
        case .researchHypothesis: .hypothesis
        }
    }
}

/// Everything the store holds, as loaded; the input to a `KnowledgeBase` and to its content hash.
public struct KnowledgeContent: Codable, Sendable, Hashable {
    public var semver: String
    public var revision: Int
    public var sources: [Source]
    public var citations: [Citation]
    public var populations: [Population]
    public var conditions: [Condition]
    public var mechanisms: [Mechanism]
    public var findings: [Finding]
    public var guidelines: [Guideline]
    /// Deleted (tombstoned) items as `kind/key`; not part of the content hash.
    public var deletedKeys: Set<String> = []

    public init(
        semver: String,
        revision: Int,
        sources: [Source],
        citations: [Citation],
        populations: [Population],
        conditions: [Condition],
        mechanisms: [Mechanism],
        findings: [Finding],
        guidelines: [Guideline]
    ) {
        self.semver = semver
        self.revision = revision
        self.sources = sources
        self.citations = citations
        self.populations = populations
        self.conditions = conditions
        self.mechanisms = mechanisms
        self.findings = findings
        self.guidelines = guidelines
    }
}
