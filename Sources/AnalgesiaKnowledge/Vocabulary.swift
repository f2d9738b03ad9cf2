import Foundation

// The closed vocabularies of the knowledge base. Raw values are the public wire values, shared
// with the SQL CHECK constraints in Migrations/ and the enums in openapi.yaml.

/// A kind of exercise, as used in EA profiles and the rules.
public enum ExerciseType: String, CaseIterable, Codable, Sendable, Hashable {
    case aerobic
    case isometric
    case eccentric
    case resistance
    case motorControl = "motor-control"
}

/// A kind of exercise a finding is about; `exerciseTherapy` is a long-term programme rather than one bout.
public enum FindingExerciseType: String, CaseIterable, Codable, Sendable, Hashable {
    case aerobic
    case isometric
    case eccentric
    case resistance
    case motorControl = "motor-control"
    case exerciseTherapy = "exercise-therapy"
}

/// Where the exercised body part lies relative to the patient's pain.
public enum Site: String, CaseIterable, Codable, Sendable, Hashable {
    case any
    case painfulRegion = "painful-region"
    case nonPainfulRegion = "non-painful-region"
}

/// The acute change in pain sensitivity during or shortly after exercise.
public enum PainResponse: String, CaseIterable, Codable, Sendable, Hashable {
    case hypoalgesia
    case noChange = "no-change"
    case hyperalgesia
    case unknown

    /// How strongly the response signals dysfunctional analgesia. Combining conditions keeps the
    /// highest: dysfunction dominates, and an unknown response is never promised as analgesia.
    public var dysfunctionRank: Int {
        switch self {
        case .hypoalgesia: 0
        case .unknown: 1
        case .noChange: 2
        case .hyperalgesia: 3
        }
    }

    /// True when exercise fails to bring analgesia (no change or more pain).
    public var isDysfunctional: Bool { self == .noChange || self == .hyperalgesia }
}

/// Publication status of a finding's evidence at the time of the review.
public enum EvidenceStatus: String, CaseIterable, Codable, Sendable, Hashable {
    case published
    case pilot
    case submitted
    case inPreparation = "in-preparation"
    case stoppedEarly = "stopped-early"
    case hypothesis
}

/// What a stated EA-profile cell rests on, as a curator records it.
public enum EvidenceBasis: String, CaseIterable, Codable, Sendable, Hashable {
    /// Studies the review describes, with their reference numbers.
    case published
    /// A pilot study (in the review: rheumatoid arthritis, submitted at the time).
    case pilot
    /// Preliminary data not yet published (in the review: osteoarthritis, manuscript in preparation).
    case unpublished
    /// A statement of the review that describes no study behind it.
    case reviewStatement = "review-statement"

    /// The served basis of a cell stated on this evidence.
    public var claimBasis: ClaimBasis {
        switch self {
        case .published: .study
        case .pilot: .pilot
        case .unpublished: .unpublished
        case .reviewStatement: .reviewStatement
        }
    }
}

/// What a served claim (an EA cell, a finding, a mechanism's verdict, a guideline, a rule) rests on.
public enum ClaimBasis: String, CaseIterable, Codable, Sendable, Hashable {
    /// A study the review describes, with its reference numbers.
    case study
    /// A pilot study.
    case pilot
    /// Preliminary, unpublished data.
    case unpublished
    /// A trial stopped before it could answer.
    case stoppedEarly = "stopped-early"
    /// A statement of the review without a described study behind it.
    case reviewStatement = "review-statement"
    /// The review's own logical (clinical) reasoning, as its Table 1 and practice text say of themselves.
    case clinicalReasoning = "clinical-reasoning"
    /// A proposal or hypothesis, not tested.
    case hypothesis
    /// Not stated by the review: this service derives it from what the review does state.
    case inferred
    /// The review reports nothing on it.
    case notStudied = "not-studied"

    /// How the basis reads next to a claim, for clinicians.
    public var label: String {
        switch self {
        case .study: "studies the review describes"
        case .pilot: "an unpublished pilot study"
        case .unpublished: "preliminary, unpublished data"
        case .stoppedEarly: "a trial stopped early, without an answer"
        case .reviewStatement: "a statement of the review without a described study"
        case .clinicalReasoning: "the review's clinical reasoning"
        case .hypothesis: "a hypothesis, not tested"
        case .inferred: "inferred by this service, not stated by the review"
        case .notStudied: "not studied in the review"
        }
    }

    /// Strength of the evidence, for choosing what to show first (studies first, nothing last).
    public var strength: Int {
        switch self {
        case .study: 8
        case .stoppedEarly: 7
        case .pilot: 6
        case .unpublished: 5
        case .reviewStatement: 4
        case .clinicalReasoning: 3
        case .hypothesis: 2
        case .inferred: 1
        case .notStudied: 0
        }
    }
}

/// A section of the review; with a paragraph or a Table 1 item it locates a claim.
public enum ReviewSection: String, CaseIterable, Codable, Sendable, Hashable {
    case abstract
    case introduction
    case biology
    case muscleContraction = "muscle-contraction"
    case aerobic
    case practice
    case table1 = "table-1"
    case drugs
    case conclusion

    /// The section's heading in the review, shortened.
    public var title: String {
        switch self {
        case .abstract: "Abstract"
        case .introduction: "Introduction"
        case .biology: "The biology of exercise-induced endogenous analgesia"
        case .muscleContraction: "Dysfunction of endogenous analgesia during muscle contraction"
        case .aerobic: "Dysfunction of endogenous analgesia during aerobic exercise"
        case .practice: "Applying these findings to the practice of exercise therapy"
        case .table1: "Table 1 (practical guidelines for dysfunctional endogenous analgesia)"
        case .drugs: "Combining centrally acting drugs with exercise therapy"
        case .conclusion: "Conclusion"
        }
    }

    /// How many paragraphs (or, for Table 1, items) the section has.
    public var count: Int {
        switch self {
        case .abstract: 7
        case .introduction, .biology, .muscleContraction, .practice: 6
        case .aerobic: 5
        case .table1: 12
        case .drugs: 4
        case .conclusion: 1
        }
    }
}

/// Whether a condition's code names the population the review studied.
public enum CodeScope: String, CaseIterable, Codable, Sendable, Hashable {
    /// The code names the studied condition.
    case exact
    /// The code also names patients the review did not study (another duration, site or cause);
    /// accepted with a caveat saying what the clinician must confirm.
    case broader
    /// The code falls under a broader code of the condition but names something else; refused.
    case excluded
}

/// The review's verdict on a mechanism.
public enum Verdict: String, CaseIterable, Codable, Sendable, Hashable {
    case supported
    case hypothesized
    case unclear
    case unlikely
    case notSupported = "not-supported"
    case inconclusive
}

/// How a finding bears on a mechanism.
public enum MechanismRelation: String, CaseIterable, Codable, Sendable, Hashable {
    case supports
    case arguesAgainst = "argues-against"
    case inconclusive
    case context
}

/// Practice guidance, or a research hypothesis that is never advice.
public enum GuidelineKind: String, CaseIterable, Codable, Sendable, Hashable {
    case practice
    case researchHypothesis = "research-hypothesis"
}

/// Where in the review a guideline comes from.
public enum GuidelineOrigin: String, CaseIterable, Codable, Sendable, Hashable {
    case table1 = "table-1"
    case text
}

/// What a guideline rests on.
public enum EvidenceLevel: String, CaseIterable, Codable, Sendable, Hashable {
    case studyFindings = "study-findings"
    case clinicalReasoning = "clinical-reasoning"
    case researchHypothesis = "research-hypothesis"
}

/// The kinds of item the knowledge base holds.
public enum ItemKind: String, CaseIterable, Codable, Sendable, Hashable {
    case condition
    case mechanism
    case finding
    case guideline
}

/// Code systems an EHR sends.
public enum CodeSystem: String, CaseIterable, Codable, Sendable, Hashable {
    case snomedCT = "http://snomed.info/sct"
    case icd10CM = "http://hl7.org/fhir/sid/icd-10-cm"
    case icd10 = "http://hl7.org/fhir/sid/icd-10"

    /// Normalises a code as stored: upper case, without dots or whitespace.
    ///
    /// Codes are ASCII in practice, and a hook call normalises one per Condition, so ASCII text is
    /// done byte by byte (a-z upper-cased; `.`, space and U+0009 to U+000D dropped, the ASCII
    /// characters whose `Character.isWhitespace` is true). Anything else takes Unicode's rules;
    /// `KnowledgeBaseTests` holds both ways to the same answers.
    public func normalize(_ code: String) -> String {
        guard code.utf8.allSatisfy({ $0 < 0x80 }) else { return Self.normalizeUnicode(code) }
        return String(unsafeUninitializedCapacity: code.utf8.count) { out in
            var count = 0
            for byte in code.utf8 where byte != UInt8(ascii: ".") && byte != UInt8(ascii: " ") && !(0x09...0x0D).contains(byte) {
                out[count] = (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) ? byte - 0x20 : byte
                count += 1
            }
            return count
        }
    }

    /// `normalize` by Unicode's rules: upper case, without dots or whitespace characters.
    static func normalizeUnicode(_ code: String) -> String {
        String(code.uppercased().filter { $0 != "." && !$0.isWhitespace })
    }

    /// Why a code names an acute episode the review did not study, or nil. ICD-10-CM injury codes
    /// (chapters S and T) carry a 7th character; A, B and C mark the initial encounter, while
    /// the injury is actively treated. (D marks a subsequent encounter, S a sequela.)
    public func acuteEncounterReason(_ code: String) -> String? {
        let normalized = normalize(code)
        guard self == .icd10CM, normalized.count == 7, let first = normalized.first, "ST".contains(first),
            let last = normalized.last, "ABC".contains(last)
        else { return nil }
        return
            "is an ICD-10-CM initial-encounter code (7th character \(last)): it records an injury under active treatment, and the review's studies concern chronic conditions."
    }
}

/// How a stored code matches a code sent by a client.
public enum CodeMatch: String, CaseIterable, Codable, Sendable, Hashable {
    case exact
    case prefix
}
