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

/// What an EA-profile statement rests on.
public enum EvidenceBasis: String, CaseIterable, Codable, Sendable, Hashable {
    case published
    case preliminary
    case reviewStatement = "review-statement"
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

    /// Normalises a code as stored: upper case, without dots or spaces.
    public func normalize(_ code: String) -> String {
        String(code.uppercased().filter { $0 != "." && !$0.isWhitespace })
    }
}

/// How a stored code matches a code sent by a client.
public enum CodeMatch: String, CaseIterable, Codable, Sendable, Hashable {
    case exact
    case prefix
}
