import Foundation

/// What a recommendation asks the clinician to do.
public enum ActionKind: String, CaseIterable, Codable, Sendable, Hashable {
    case `do`
    case avoid
    case caution
    case monitor
    case consider
}

/// Whether the exercise dose may be increased now.
public enum GradingDecision: String, CaseIterable, Codable, Sendable, Hashable {
    case progress
    case hold
    case modify
}

/// A condition over the patient and the knowledge. Facts about exercise come from the
/// conditions' EA profiles, never from condition names, so a new condition with its profile
/// changes the advice without a code change.
public indirect enum Predicate: Sendable, Hashable {
    case always
    /// Some patient condition expects no analgesia (no change or hyperalgesia) from this exercise
    /// type at some site; `nil`: from any type.
    case dysfunctionalEA(ExerciseType?)
    /// Some patient condition expects more pain everywhere (`any` site) from this exercise type.
    case generalizedHyperalgesia(ExerciseType)
    /// Some patient condition expects no analgesia when the painful region works, but analgesia
    /// when a non-painful region works.
    case siteContrast(ExerciseType)
    /// The patient has body parts free of pain.
    case painFreeRegions
    case flare(FlareSeverity)
    case painTrend(PainTrend)
    case phase([TherapyPhase])
    case cognitiveEmotionalFactorsReported
    case medication([MedicationClass])
    case all([Predicate])
    case not(Predicate)
}

/// A recommendation a rule produces. `{conditions}` and `{painfulRegions}` in the text are
/// filled from the patient.
public struct RecommendationTemplate: Sendable, Hashable {
    public var guideline: String
    public var action: ActionKind
    public var text: String

    public init(guideline: String, action: ActionKind, text: String) {
        self.guideline = guideline
        self.action = action
        self.text = text
    }
}

/// One rule: when its predicate holds it gives recommendations (or, for a grading rule, a
/// decision; for a research rule, research hypotheses that are never advice).
public struct Rule: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case recommendation
        case grading
        case research
    }

    public var id: String
    public var kind: Kind
    public var title: String
    /// Where in the review the rule comes from.
    public var source: String
    public var when: Predicate
    public var recommendations: [RecommendationTemplate]
    public var decision: GradingDecision?

    public init(
        id: String,
        kind: Kind = .recommendation,
        title: String,
        source: String,
        when: Predicate,
        recommendations: [RecommendationTemplate] = [],
        decision: GradingDecision? = nil
    ) {
        self.id = id
        self.kind = kind
        self.title = title
        self.source = source
        self.when = when
        self.recommendations = recommendations
        self.decision = decision
    }
}

/// A versioned, ordered set of rules. Recommendation rules are listed by importance; grading
/// rules are tried in order and the first that holds decides.
public struct RuleSet: Sendable, Hashable {
    public var version: String
    public var rules: [Rule]

    public init(version: String, rules: [Rule]) {
        self.version = version
        self.rules = rules
    }
}

extension RuleSet {
    private static let table1 = "Table 1 (practical guidelines for dysfunctional EA during exercise)"
    private static let applying = "Applying these findings to the practice of exercise therapy for chronic pain"
    private static let dysfunctional: [TherapyPhase] = [.initiation, .established, .grading]

    /// The rules drawn from Nijs et al., Pain Physician 2012.
    public static let v1 = RuleSet(
        version: "1.0.0",
        rules: [
            Rule(
                id: "R01-no-grading-in-major-flare",
                title: "No grading during a major flare",
                source: "\(table1), item 12",
                when: .flare(.major),
                recommendations: [
                    .init(
                        guideline: "no-grading-on-major-flare",
                        action: .avoid,
                        text:
                            "Do not increase the exercise dose while this major flare lasts; stay at (or step back to) a level the patient tolerates and resume grading once it has settled."
                    )
                ]
            ),
            Rule(
                id: "R02-modify-on-increasing-pain",
                title: "A rising pain trend calls for modification",
                source: "\(table1), item 6",
                when: .painTrend(.increasing),
                recommendations: [
                    .init(
                        guideline: "allow-transient-pain-avoid-increasing-trend",
                        action: .avoid,
                        text:
                            "Pain intensity keeps rising over time: modify the exercise (lower the load or change the modality) instead of continuing as planned. Extra pain during and shortly after a session is acceptable; a continuing upward trend is not."
                    )
                ]
            ),
            Rule(
                id: "R03-keep-exercising",
                title: "Exercise therapy stays indicated",
                source: "\(applying): to exercise or not is no longer the question (refs 10-14, 48, 49, 61, 62)",
                when: .always,
                recommendations: [
                    .init(
                        guideline: "keep-exercising-despite-dysfunctional-ea",
                        action: .do,
                        text:
                            "Keep exercise therapy in the plan: trials support it in these conditions, and a poor acute analgesic response is a reason to adapt the programme, not to withhold it."
                    )
                ]
            ),
            Rule(
                id: "R04-tailor-to-prevent-flares",
                title: "Dysfunctional EA: tailor to prevent flares",
                source: "\(applying); Conclusions of the abstract",
                when: .dysfunctionalEA(nil),
                recommendations: [
                    .init(
                        guideline: "tailor-to-prevent-flares",
                        action: .do,
                        text:
                            "Do not count on exercise to relieve pain in {conditions}: endogenous analgesia during exercise is dysfunctional. Tailor the programme to the individual with the emphasis on preventing symptom flares, above all in the first weeks."
                    )
                ]
            ),
            Rule(
                id: "R05-low-intensity-when-muscle-work-sensitizes",
                title: "Generalised hyperalgesia from muscle work: low intensity",
                source: "Dysfunction of EA during muscle contraction (refs 39, 47); \(applying)",
                when: .generalizedHyperalgesia(.isometric),
                recommendations: [
                    .init(
                        guideline: "low-intensity-in-fibromyalgia",
                        action: .do,
                        text:
                            "Keep training intensity low: in {conditions} muscle contractions raise pain sensitivity throughout the body instead of lowering it."
                    )
                ]
            ),
            Rule(
                id: "R06-exercise-non-painful-muscles",
                title: "Local myalgia: exercise non-painful muscles",
                source: "Dysfunction of EA during muscle contraction (ref 39); \(applying)",
                when: .all([.siteContrast(.isometric), .painFreeRegions]),
                recommendations: [
                    .init(
                        guideline: "exercise-non-painful-muscles-in-local-myalgia",
                        action: .do,
                        text:
                            "Exercise muscles away from the painful region{painfulRegions}: in {conditions} working a non-painful muscle activated generalised analgesia, while working the painful muscle did not."
                    )
                ]
            ),
            Rule(
                id: "R07-prefer-aerobic",
                title: "Prefer aerobic over eccentric and isometric work",
                source: "\(applying) (refs 43, 47)",
                when: .dysfunctionalEA(nil),
                recommendations: [
                    .init(
                        guideline: "prefer-aerobic-over-eccentric-isometric",
                        action: .do,
                        text: "Prefer aerobic exercise to eccentric or isometric muscle work, which are likely to increase central hyperexcitability."
                    )
                ]
            ),
            Rule(
                id: "R08-aerobic-and-motor-control",
                title: "Aerobic exercise with motor control training",
                source: "\(table1), item 3",
                when: .dysfunctionalEA(nil),
                recommendations: [
                    .init(
                        guideline: "aerobic-and-motor-control",
                        action: .do,
                        text: "Build the programme from low-intensity aerobic exercise combined with motor control training."
                    )
                ]
            ),
            Rule(
                id: "R09-careful-with-eccentric",
                title: "Caution with eccentric exercise",
                source: "\(table1), item 4",
                when: .dysfunctionalEA(nil),
                recommendations: [
                    .init(
                        guideline: "careful-with-eccentric",
                        action: .caution,
                        text: "Be careful with eccentric exercise; introduce it late and sparingly, if at all."
                    )
                ]
            ),
            Rule(
                id: "R10-include-non-painful-body-parts",
                title: "Include non-painful body parts",
                source: "\(table1), item 5",
                when: .all([.dysfunctionalEA(nil), .painFreeRegions]),
                recommendations: [
                    .init(
                        guideline: "exercise-non-painful-body-parts",
                        action: .do,
                        text: "Include exercises for body parts that are not painful{painfulRegions}."
                    )
                ]
            ),
            Rule(
                id: "R11-time-contingent",
                title: "Time-contingent dosing from a baseline",
                source: "\(table1), item 7",
                when: .dysfunctionalEA(nil),
                recommendations: [
                    .init(
                        guideline: "time-contingent-with-baseline",
                        action: .do,
                        text:
                            "Dose exercise time-contingently: fix duration and repetitions in advance from the baseline rather than stopping or continuing on the day's pain."
                    )
                ]
            ),
            Rule(
                id: "R12-conservative-baseline",
                title: "Conservative baseline when starting or grading",
                source: "\(table1), item 8",
                when: .all([.dysfunctionalEA(nil), .phase([.initiation, .grading])]),
                recommendations: [
                    .init(
                        guideline: "conservative-baseline",
                        action: .do,
                        text: "Set the baseline conservatively, comfortably inside what the patient can do now; when in doubt choose the lower level."
                    )
                ]
            ),
            Rule(
                id: "R13-long-recovery-breaks",
                title: "Multiple, long recovery breaks",
                source: "\(table1), item 9",
                when: .dysfunctionalEA(nil),
                recommendations: [
                    .init(
                        guideline: "long-recovery-breaks",
                        action: .do,
                        text: "Plan several long recovery breaks between exercises within each session."
                    )
                ]
            ),
            Rule(
                id: "R14-monitor-flares",
                title: "Monitor flares when starting and when grading",
                source: "\(table1), item 10",
                when: .all([.dysfunctionalEA(nil), .phase([.initiation, .grading])]),
                recommendations: [
                    .init(
                        guideline: "monitor-symptom-flares",
                        action: .monitor,
                        text: "Monitor symptom flares closely during this phase and adapt the exercise modalities when they occur."
                    )
                ]
            ),
            Rule(
                id: "R15-minor-flare-early",
                title: "Minor flares are expected early",
                source: "\(table1), item 11",
                when: .all([.flare(.minor), .phase([.initiation])]),
                recommendations: [
                    .init(
                        guideline: "minor-flares-expected-early",
                        action: .monitor,
                        text:
                            "A minor flare is natural at the start of exercise therapy; keep to the baseline and check that such flares fade as the routine settles."
                    )
                ]
            ),
            Rule(
                id: "R16-minor-flare-persisting",
                title: "Minor flares should have ceased once established",
                source: "\(table1), items 10 and 11",
                when: .all([.flare(.minor), .phase([.established, .grading])]),
                recommendations: [
                    .init(
                        guideline: "minor-flares-expected-early",
                        action: .caution,
                        text:
                            "Minor flares should have stopped once the routine is established; review the programme and adapt the exercise modalities."
                    )
                ]
            ),
            Rule(
                id: "R17-engage-the-patient",
                title: "Make exercise acceptable to the patient",
                source: "\(table1), items 1 and 2",
                when: .dysfunctionalEA(nil),
                recommendations: [
                    .init(
                        guideline: "shared-decision-on-protocol",
                        action: .do,
                        text: "Agree the content of the programme with the patient so that it fits their needs and wishes."
                    ),
                    .init(
                        guideline: "exercise-fun-not-burden",
                        action: .do,
                        text: "Choose exercises the patient enjoys; exercise should be fun, not a burden."
                    ),
                ]
            ),
            Rule(
                id: "R18-cognitive-emotional-factors",
                title: "Address reported cognitive-emotional factors",
                source: "\(applying) (refs 65-70)",
                when: .cognitiveEmotionalFactorsReported,
                recommendations: [
                    .init(
                        guideline: "address-cognitive-emotional-sensitization",
                        action: .do,
                        text:
                            "Address the reported factors ({factors}) alongside exercise: pain physiology education, stress management and time-contingent activity and exercise, as in comprehensive pain management."
                    )
                ]
            ),
            Rule(
                id: "R19-cognitive-emotional-screen",
                title: "Consider cognitive-emotional sensitization",
                source: "\(applying) (refs 65-70)",
                when: .not(.cognitiveEmotionalFactorsReported),
                recommendations: [
                    .init(
                        guideline: "address-cognitive-emotional-sensitization",
                        action: .consider,
                        text:
                            "Consider whether catastrophic or depressive thoughts, expectations, attention to pain or stress are sustaining sensitization; if so, add pain physiology education and stress management."
                    )
                ]
            ),

            Rule(
                id: "G01-major-flare-hold",
                kind: .grading,
                title: "Hold during a major flare",
                source: "\(table1), item 12",
                when: .flare(.major),
                decision: .hold
            ),
            Rule(
                id: "G02-increasing-pain-modify",
                kind: .grading,
                title: "Modify when pain keeps increasing",
                source: "\(table1), item 6",
                when: .painTrend(.increasing),
                decision: .modify
            ),
            Rule(
                id: "G03-persisting-minor-flare-modify",
                kind: .grading,
                title: "Modify when minor flares persist",
                source: "\(table1), items 10 and 11",
                when: .all([.flare(.minor), .phase([.established, .grading])]),
                decision: .modify
            ),
            Rule(
                id: "G04-early-minor-flare-hold",
                kind: .grading,
                title: "Hold through an early minor flare",
                source: "\(table1), item 11",
                when: .flare(.minor),
                decision: .hold
            ),
            Rule(
                id: "G05-dysfunctional-initiation-hold",
                kind: .grading,
                title: "Stay at the baseline until the routine is established",
                source: "\(table1), items 7, 8 and 10",
                when: .all([.dysfunctionalEA(nil), .phase([.initiation])]),
                decision: .hold
            ),
            Rule(
                id: "G06-progress",
                kind: .grading,
                title: "Grade time-contingently",
                source: "\(table1), item 7",
                when: .always,
                decision: .progress
            ),

            Rule(
                id: "H01-opioids",
                kind: .research,
                title: "Opioids with early graded exercise (hypothesis)",
                source: "Treatment of dysfunctional EA by combining centrally acting drugs with exercise therapy (ref 71)",
                when: .medication([.opioid]),
                recommendations: [.init(guideline: "research-opioids-with-early-graded-exercise", action: .consider, text: "")]
            ),
            Rule(
                id: "H02-serotonergic-noradrenergic",
                kind: .research,
                title: "Serotonergic/noradrenergic drugs with graded exercise (hypothesis)",
                source: "Treatment of dysfunctional EA by combining centrally acting drugs with exercise therapy (refs 59, 72, 73)",
                when: .medication([.snri, .ssri]),
                recommendations: [.init(guideline: "research-snri-with-graded-exercise", action: .consider, text: "")]
            ),
            Rule(
                id: "H03-acetaminophen",
                kind: .research,
                title: "Acetaminophen with exercise therapy (hypothesis)",
                source: "Treatment of dysfunctional EA by combining centrally acting drugs with exercise therapy (refs 74, 75)",
                when: .medication([.acetaminophen]),
                recommendations: [.init(guideline: "research-acetaminophen-with-exercise", action: .consider, text: "")]
            ),
        ]
    )
}
