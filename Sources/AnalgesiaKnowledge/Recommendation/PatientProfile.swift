import Foundation

/// Where a patient has pain; published as the `painfulRegions` vocabulary.
public enum BodyRegion: String, CaseIterable, Codable, Sendable, Hashable {
    case neck
    case jaw
    case shoulder
    case upperBack = "upper-back"
    case lowBack = "low-back"
    case arm
    case hand
    case hip
    case knee
    case leg
    case foot
    /// Pain throughout the body: no region is free of pain.
    case widespread
}

/// The stage of the exercise programme.
public enum TherapyPhase: String, CaseIterable, Codable, Sendable, Hashable {
    case initiation
    case established
    case grading
}

/// The patient's current symptom flare.
public enum FlareSeverity: String, CaseIterable, Codable, Sendable, Hashable {
    case none
    case minor
    case major
}

/// How the patient's pain intensity has moved over recent sessions.
public enum PainTrend: String, CaseIterable, Codable, Sendable, Hashable {
    case decreasing
    case stable
    case increasing
}

/// Cognitive and emotional factors the review names as enhancing descending facilitation.
public enum CognitiveEmotionalFactor: String, CaseIterable, Codable, Sendable, Hashable {
    case catastrophizing
    case depressiveThoughts = "depressive-thoughts"
    case negativeExpectations = "negative-expectations"
    case attentionToPain = "attention-to-pain"
    case emotionalDistress = "emotional-distress"
    case stress
}

/// Medication classes the review discusses only as research hypotheses combined with exercise.
public enum MedicationClass: String, CaseIterable, Codable, Sendable, Hashable {
    case opioid
    case snri
    case ssri
    case acetaminophen
}

/// One patient, with conditions already resolved to knowledge-base slugs.
public struct PatientProfile: Sendable, Hashable {
    public var conditionSlugs: [String]
    public var painfulRegions: [BodyRegion]
    public var phase: TherapyPhase
    public var flare: FlareSeverity
    public var painTrend: PainTrend
    public var cognitiveEmotionalFactors: [CognitiveEmotionalFactor]
    public var medications: [MedicationClass]

    public init(
        conditionSlugs: [String],
        painfulRegions: [BodyRegion] = [],
        phase: TherapyPhase = .initiation,
        flare: FlareSeverity = .none,
        painTrend: PainTrend = .stable,
        cognitiveEmotionalFactors: [CognitiveEmotionalFactor] = [],
        medications: [MedicationClass] = []
    ) {
        // Sets are sorted so that equal profiles give byte-identical advice.
        self.conditionSlugs = conditionSlugs.sortedUnique()
        self.painfulRegions = painfulRegions.sortedUnique { $0.rawValue < $1.rawValue }
        self.phase = phase
        self.flare = flare
        self.painTrend = painTrend
        self.cognitiveEmotionalFactors = cognitiveEmotionalFactors.sortedUnique { $0.rawValue < $1.rawValue }
        self.medications = medications.sortedUnique { $0.rawValue < $1.rawValue }
    }

    /// True when at least one body part is free of pain (nothing reported, or not widespread).
    public var hasPainFreeRegions: Bool { !painfulRegions.contains(.widespread) }
}
