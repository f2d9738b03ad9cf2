import Foundation

/// A condition over the patient and the knowledge. Facts about exercise come from the
/// conditions' EA profiles (their stated cells), never from condition names, so a new condition
/// with its profile changes the advice without a code change.
public indirect enum Predicate: Sendable, Hashable {
    case always
    /// Some patient condition expects no analgesia (no change or hyperalgesia) from this exercise
    /// type (`nil`: from some type) wherever the body is exercised: its statement for any site
    /// says so, or its statements for the painful and the non-painful region both do.
    case anySiteDysfunction(ExerciseType?)
    /// Some patient condition expects no analgesia from this exercise type (`nil`: some type)
    /// only when the painful region is exercised (a site-specific dysfunction, as in local myalgia).
    case painfulRegionDysfunction(ExerciseType?)
    /// Some patient condition expects more pain everywhere (`any` site) from this exercise type.
    case generalizedHyperalgesia(ExerciseType)
    /// Some patient condition expects no analgesia when the painful region works, but analgesia
    /// when a non-painful region works.
    case siteContrast(ExerciseType)
/// What the review says of exercise therapy as a treatment for some patient condition.
    case exerciseTherapyEvidence(TherapyEvidence)
    /// Every patient condition is characterized by central sensitization.
    case allCentrallySensitized
    /// The patient has body parts free of pain.
    case painFreeRegions
    case flare(FlareSeverity)
    case painTrend(PainTrend)
    case phase([TherapyPhase])
    case cognitiveEmotionalFactorsReported
    case medication([MedicationClass])
    case all([Predicate])
    case any([Predicate])
    case not(Predicate)

    /// The medication classes the predicate asks about, wherever they sit in it.
    public var medicationClasses: [MedicationClass] {
        switch self {
        case .medication(let classes): classes
        case .all(let predicates), .any(let predicates): predicates.flatMap(\.medicationClasses)
        default: []
        }
    }

    /// Whether the predicate reads only the patient's conditions (never regions, phase, flare,
    /// trend, factors or medications), so that its evaluation can be shared by every patient
    /// with the same conditions. Composites answer false: their parts are asked one by one.
    public var asksOnlyAboutConditions: Bool {
        switch self {
        case .anySiteDysfunction, .painfulRegionDysfunction, .generalizedHyperalgesia, .siteContrast, .exerciseTherapyEvidence,
            .allCentrallySensitized:
            true
        case .always, .painFreeRegions, .flare, .painTrend, .phase, .cognitiveEmotionalFactorsReported, .medication, .all, .any, .not:
            false
        }
    }

    /// Dysfunctional analgesia of either kind, for some exercise type.
    public static let anyDysfunction = Predicate.any([.anySiteDysfunction(nil), .painfulRegionDysfunction(nil)])
}
