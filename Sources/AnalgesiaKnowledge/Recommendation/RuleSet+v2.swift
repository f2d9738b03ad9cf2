import Foundation

extension RuleSet {
    private static let table1 = "Table 1 (practical guidelines for dysfunctional endogenous analgesia during exercise)"
    private static let practice = "Applying these findings to the practice of exercise therapy"
    private static let drugs = "Combining centrally acting drugs with exercise therapy"

    /// The rules drawn from Nijs et al., Pain Physician 2012, version 2: every rule names the
    /// passage it rests on (`locator`) and what that passage is (`basis`); rules the review wrote
    /// for patients with dysfunctional analgesia say so (`scope`), so that the answer can say
    /// when it applies them beyond the review. Site-specific dysfunction (local myalgia) gets
    /// site-specific advice, never the text written for dysfunction wherever the body works.
    public static let v2 = RuleSet(
        version: "2.0.1",
        rules: [
            Rule(
                id: "R01-no-grading-in-major-flare",
                title: "No grading during a major flare",
                source: "\(table1), item 12",
                locator: .table1(12),
                scope: .dysfunctionalEA,
                when: .flare(.major),
                recommendations: [
                    .init(
                        guideline: "no-grading-on-major-flare",
                        action: .avoid,
                        text: "Do not grade (increase) the exercise protocol while this major symptom flare lasts."
                    )
                ]
            ),
            Rule(
                id: "R02-modify-on-increasing-pain",
                title: "A continuously rising pain trend calls for modification",
                source: "\(table1), item 6",
                locator: .table1(6),
                scope: .dysfunctionalEA,
                when: .painTrend(.increasing),
                recommendations: [
                    .init(
                        guideline: "allow-transient-pain-avoid-increasing-trend",
                        action: .avoid,
                        text:
                            "Pain intensity keeps rising over time: modify the exercise instead of continuing as planned. More pain during and shortly after a session is acceptable; a continuing rise over time is not."
                    )
                ]
            ),
            Rule(
                id: "R03-keep-exercising",
                title: "Exercise therapy stays indicated where the review cites its effectiveness",
                source: "Introduction, paragraph 3 (refs 9-14); \(practice), paragraph 1 (refs 10, 11, 13, 14, 48, 49, 61, 62)",
                locator: ReviewLocator(.practice, 1),
                basis: .reviewStatement,
                scope: .chronicPain,
                when: .exerciseTherapyEvidence(.cited),
                recommendations: [
                    .init(
                        guideline: "keep-exercising-despite-dysfunctional-ea",
                        action: .do,
                        text:
                            "Keep exercise therapy in the plan: the review cites evidence that it is an effective treatment for {conditions}. Where analgesia during exercise is dysfunctional, that was shown in single bouts of exercise; it does not contradict this evidence and is a reason to adapt the programme, not to withhold it.",
                        evidence: .matchesOnly
                    )
                ]
            ),
            Rule(
                id: "R04-tailor-to-prevent-flares",
                title: "Dysfunction wherever the body works: tailor to prevent flares",
                source: "\(practice), paragraphs 3-4; Abstract, conclusions",
                locator: ReviewLocator(.practice, 4),
                scope: .dysfunctionalEA,
                when: .anySiteDysfunction(nil),
                recommendations: [
                    .init(
                        guideline: "tailor-to-prevent-flares",
                        action: .do,
                        text:
                            "In {conditionsWithTypes} a bout of that exercise is not expected to bring the short-lived pain relief it brings in healthy people{evidenceNotes}. That does not argue against exercise therapy; tailor it to the individual, with the emphasis on preventing symptom flares, above all in its early stages."
                    )
                ]
            ),
            Rule(
                id: "R05-low-intensity-when-muscle-work-sensitizes",
                title: "Generalised hyperalgesia from muscle work: low-intensity training",
                source: "\(practice), paragraph 5 (ref 39); Dysfunction during muscle contraction (refs 39, 47)",
                locator: ReviewLocator(.practice, 5),
                scope: .dysfunctionalEA,
                when: .generalizedHyperalgesia(.isometric),
                recommendations: [
                    .init(
                        guideline: "low-intensity-in-fibromyalgia",
                        action: .do,
                        text:
                            "Prefer low-intensity training regimes in {conditions}: muscle contractions raised pain sensitivity throughout the body instead of lowering it, and the review expects low intensity to avoid needless exacerbations of pain. This is an expectation, not a tested dose, and the review does not say what intensity counts as low: the contractions studied were held at 30% of maximal force for 90 seconds (ref 47) and at 20-25% until exhaustion, at most 5 minutes (ref 39)."
                    )
                ]
            ),
            Rule(
                id: "R06-exercise-non-painful-muscles",
                title: "Site-specific dysfunction: include exercise of non-painful regions",
                source: "\(practice), paragraph 5; Dysfunction during muscle contraction, paragraphs 3 and 6 (ref 39)",
                locator: ReviewLocator(.practice, 5),
                scope: .dysfunctionalEA,
                // Not when another condition raises pain everywhere with muscle work (fibromyalgia):
                // there a non-painful muscle brings no analgesia either.
                when: .all([.siteContrast(.isometric), .painFreeRegions, .not(.generalizedHyperalgesia(.isometric))]),
                recommendations: [
                    .init(
                        guideline: "exercise-non-painful-muscles-in-local-myalgia",
                        action: .do,
                        text:
                            "In {conditions}, one study found that a single static contraction of the painful muscle did not activate analgesia, there or elsewhere, while contracting a non-painful muscle did, throughout the body. The review suggests preferably including exercise of non-painful regions, which could also lower sensitivity in the painful muscles. This concerns the acute response to one bout, not whether training the painful muscles helps over time."
                    )
                ]
            ),
            Rule(
                id: "R07-prefer-aerobic",
                title: "Prefer aerobic over eccentric and isometric work",
                source: "\(practice), paragraph 5 (refs 43, 47)",
                locator: ReviewLocator(.practice, 5),
                scope: .dysfunctionalEA,
                when: .all([.anySiteDysfunction(nil), .not(.anySiteDysfunction(.aerobic))]),
                recommendations: [
                    .init(
                        guideline: "prefer-aerobic-over-eccentric-isometric",
                        action: .do,
                        text:
                            "Prefer aerobic exercise to eccentric or isometric muscle work, which the review considers likely to increase the hyperexcitability of the central nervous system."
                    )
                ]
            ),
            Rule(
                id: "R07b-prefer-aerobic-despite-aerobic-dysfunction",
                title: "Prefer aerobic work, dosed conservatively, although it brings no acute analgesia",
                source: "\(practice), paragraph 5 (refs 43, 47); \(table1), items 8-10",
                locator: ReviewLocator(.practice, 5),
                scope: .dysfunctionalEA,
                when: .anySiteDysfunction(.aerobic),
                recommendations: [
                    .init(
                        guideline: "prefer-aerobic-over-eccentric-isometric",
                        action: .do,
                        text:
                            "Aerobic exercise stays preferred to eccentric or isometric muscle work, although in {conditions} aerobic exercise is reported not to bring acute analgesia and may be followed by more pain or a symptom flare{evidenceNotes}. The review does not make that a reason to drop it: dose it conservatively, from a low baseline, with long recovery breaks, and watch for flares."
                    )
                ]
            ),
            Rule(
                id: "R08-aerobic-and-motor-control",
                title: "Aerobic exercise with motor control training",
                source: "\(table1), item 3",
                locator: .table1(3),
                scope: .dysfunctionalEA,
                when: .anySiteDysfunction(nil),
                recommendations: [
                    .init(
                        guideline: "aerobic-and-motor-control",
                        action: .do,
                        text: "Use aerobic exercise as well as motor control training."
                    )
                ]
            ),
            Rule(
                id: "R09-careful-with-eccentric",
                title: "Caution with eccentric exercise",
                source: "\(table1), item 4",
                locator: .table1(4),
                scope: .dysfunctionalEA,
                when: .anySiteDysfunction(nil),
                recommendations: [
                    .init(
                        guideline: "careful-with-eccentric",
                        action: .caution,
                        text: "Be careful with eccentric exercise."
                    )
                ]
            ),
            Rule(
                id: "R10-include-non-painful-body-parts",
                title: "Include non-painful body parts",
                source: "\(table1), item 5",
                locator: .table1(5),
                scope: .dysfunctionalEA,
                when: .all([.anyDysfunction, .painFreeRegions]),
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
                locator: .table1(7),
                scope: .dysfunctionalEA,
                when: .anyDysfunction,
                recommendations: [
                    .init(
                        guideline: "time-contingent-with-baseline",
                        action: .do,
                        text: "Use a time-contingent approach with an appropriate baseline."
                    )
                ]
            ),
            Rule(
                id: "R12-conservative-baseline",
                title: "Conservative baseline when starting or grading",
                source: "\(table1), item 8",
                locator: .table1(8),
                scope: .dysfunctionalEA,
                when: .all([.anyDysfunction, .phase([.initiation, .grading])]),
                recommendations: [
                    .init(
                        guideline: "conservative-baseline",
                        action: .do,
                        text: "Be conservative when setting the baseline: prefer a lower baseline, well within what the patient's body can do."
                    )
                ]
            ),
            Rule(
                id: "R13-long-recovery-breaks",
                title: "Multiple, long recovery breaks",
                source: "\(table1), item 9",
                locator: .table1(9),
                scope: .dysfunctionalEA,
                when: .anyDysfunction,
                recommendations: [
                    .init(
                        guideline: "long-recovery-breaks",
                        action: .do,
                        text: "Use multiple, long recovery breaks between exercises."
                    )
                ]
            ),
            Rule(
                id: "R14-monitor-flares",
                title: "Monitor flares, especially when starting and when grading",
                source: "\(table1), item 10",
                locator: .table1(10),
                scope: .dysfunctionalEA,
                when: .all([.anyDysfunction, .any([.phase([.initiation, .grading]), .not(.flare(.none))])]),
                recommendations: [
                    .init(
                        guideline: "monitor-symptom-flares",
                        action: .monitor,
                        text: "Monitor symptom flares, especially when starting and when grading, and adapt the exercise modalities accordingly."
                    )
                ]
            ),
            Rule(
                id: "R15-minor-flare-early",
                title: "Minor flares are natural early",
                source: "\(table1), items 11, 10 and 12",
                locator: .table1(11),
                scope: .dysfunctionalEA,
                when: .all([.flare(.minor), .phase([.initiation]), .not(.painTrend(.increasing))]),
                recommendations: [
                    .init(
                        guideline: "minor-flares-expected-early",
                        action: .monitor,
                        text:
                            "A minor symptom flare is natural in the initial stages of exercise therapy and should cease once the exercise routine is established. Monitor it and adapt the exercise modalities accordingly. Table 1 stops grading only for a major flare (item 12); it does not say whether to grade during a minor one."
                    )
                ]
            ),
            Rule(
                id: "R15b-minor-flare-while-grading",
                title: "Monitor a minor flare while grading",
                source: "\(table1), items 10 and 12",
                locator: .table1(10),
                scope: .dysfunctionalEA,
                when: .all([.flare(.minor), .phase([.grading]), .not(.painTrend(.increasing))]),
                recommendations: [
                    .init(
                        guideline: "monitor-symptom-flares",
                        action: .monitor,
                        text:
                            "Monitor this minor symptom flare during grading and adapt the exercise modalities accordingly. Table 1 stops grading only for a major flare (item 12); it does not say whether to grade during a minor one."
                    )
                ]
            ),
            Rule(
                id: "R16-minor-flare-persisting",
                title: "Minor flares should have ceased once established",
                source: "\(table1), items 11 and 10",
                locator: .table1(11),
                scope: .dysfunctionalEA,
                when: .all([.flare(.minor), .phase([.established])]),
                recommendations: [
                    .init(
                        guideline: "minor-flares-expected-early",
                        action: .caution,
                        text:
                            "Minor symptom flares should cease once the exercise routine is established: monitor this one and adapt the exercise modalities accordingly."
                    )
                ]
            ),
            Rule(
                id: "R17-agree-the-protocol",
                title: "Agree the exercise protocol with the patient",
                source: "\(table1), item 2",
                locator: .table1(2),
                scope: .dysfunctionalEA,
                when: .anyDysfunction,
                recommendations: [
                    .init(
                        guideline: "shared-decision-on-protocol",
                        action: .do,
                        text: "Discuss the content of the exercise protocol with the patient so that it fits their needs and requests."
                    )
                ]
            ),
            Rule(
                id: "R17b-exercise-fun-not-burden",
                title: "Exercise should be fun, not a burden",
                source: "\(table1), item 1",
                locator: .table1(1),
                scope: .dysfunctionalEA,
                when: .anyDysfunction,
                recommendations: [
                    .init(
                        guideline: "exercise-fun-not-burden",
                        action: .do,
                        text: "Choose exercises the patient enjoys; exercise should be fun, not a burden."
                    )
                ]
            ),
            Rule(
                id: "R03b-exercise-therapy-named-without-reference",
                title: "Exercise therapy named as effective without a cited study",
                source: "Abstract, background",
                locator: ReviewLocator(.abstract, 1),
                basis: .reviewStatement,
                scope: .chronicPain,
                when: .exerciseTherapyEvidence(.statementOnly),
                recommendations: [
                    .init(
                        guideline: "keep-exercising-despite-dysfunctional-ea",
                        action: .consider,
                        text:
                            "The review names {conditions} among the chronic pain disorders that exercise therapy treats effectively, but cites no study for it and reports no study of analgesia during exercise in it.",
                        evidence: .matchesOnly
                    )
                ]
            ),
            Rule(
                id: "R03c-exercise-therapy-not-reported",
                title: "No evidence on exercise therapy reported",
                source: "\(practice), paragraph 1 (the conditions it lists)",
                locator: ReviewLocator(.practice, 1),
                basis: .notStudied,
                scope: .chronicPain,
                when: .exerciseTherapyEvidence(.none),
                recommendations: [
                    .init(
                        guideline: "keep-exercising-despite-dysfunctional-ea",
                        action: .consider,
                        text:
                            "The review cites no evidence on exercise therapy as a treatment for {conditions}; what the review reports for it is the acute response to single bouts of exercise, so base the decision to use exercise therapy on other evidence and clinical judgement.",
                        evidence: .matchesOnly
                    )
                ]
            ),
            Rule(
                id: "R18-cognitive-emotional-factors",
                title: "Address reported cognitive-emotional factors",
                source: "\(practice), paragraph 6 (refs 65-70)",
                locator: ReviewLocator(.practice, 6),
                basis: .reviewStatement,
                scope: .chronicPain,
                when: .cognitiveEmotionalFactorsReported,
                recommendations: [
                    .init(
                        guideline: "address-cognitive-emotional-sensitization",
                        action: .do,
                        text:
                            "Address the reported factors ({factors}) alongside exercise, as comprehensive pain management does: pain physiology education, stress management, and time-contingent activity and exercise."
                    )
                ]
            ),
            Rule(
                id: "R19-cognitive-emotional-screen",
                title: "Consider cognitive-emotional sensitization",
                source: "\(practice), paragraph 6 (refs 65-70)",
                locator: ReviewLocator(.practice, 6),
                basis: .reviewStatement,
                scope: .chronicPain,
                when: .not(.cognitiveEmotionalFactorsReported),
                recommendations: [
                    .init(
                        guideline: "address-cognitive-emotional-sensitization",
                        action: .consider,
                        text:
                            "Consider whether emotions, attention to pain, expectations, or depressive or catastrophic thoughts are sustaining sensitization; if so, add pain physiology education and stress management."
                    )
                ]
            ),

            Rule(
                id: "G01-major-flare-hold",
                kind: .grading,
                title: "Do not grade during a major flare",
                source: "\(table1), item 12",
                locator: .table1(12),
                scope: .dysfunctionalEA,
                when: .flare(.major),
                decision: .hold
            ),
            Rule(
                id: "G02-increasing-pain-modify",
                kind: .grading,
                title: "Modify when pain intensity keeps increasing over time",
                source: "\(table1), item 6",
                locator: .table1(6),
                scope: .dysfunctionalEA,
                when: .painTrend(.increasing),
                decision: .modify
            ),
            Rule(
                id: "G03-persisting-minor-flare-modify",
                kind: .grading,
                title: "Adapt the modalities when minor flares persist once the routine is established",
                source: "\(table1), items 11 and 10",
                locator: .table1(11),
                scope: .dysfunctionalEA,
                when: .all([.flare(.minor), .phase([.established])]),
                decision: .modify
            ),
            Rule(
                id: "G04-progress",
                kind: .grading,
                title: "Grade time-contingently",
                source: "\(practice), paragraph 6 (time-contingent, graded exercise therapy); \(table1), item 7",
                locator: ReviewLocator(.practice, 6),
                basis: .reviewStatement,
                scope: .chronicPain,
                when: .always,
                decision: .progress
            ),

            Rule(
                id: "H01-opioids",
                kind: .research,
                title: "Opioids with early graded exercise in some patients with nociceptive pain (hypothesis)",
                source: "\(drugs), paragraph 1 (ref 71)",
                locator: ReviewLocator(.drugs, 1),
                basis: .hypothesis,
                scope: .chronicPain,
                // The review restricts it to some patients with nociceptive pain; its centrally
                // sensitized disorders are not that.
                when: .all([.medication([.opioid]), .not(.allCentrallySensitized)]),
                recommendations: [.init(guideline: "research-opioids-with-early-graded-exercise", action: .consider, text: "")]
            ),
            Rule(
                id: "H02-serotonergic-noradrenergic",
                kind: .research,
                title: "Serotonergic/noradrenergic drugs with graded exercise (hypothesis)",
                source: "\(drugs), paragraph 2 (refs 72, 73)",
                locator: ReviewLocator(.drugs, 2),
                basis: .hypothesis,
                scope: .chronicPain,
                when: .medication([.snri, .ssri]),
                recommendations: [.init(guideline: "research-snri-with-graded-exercise", action: .consider, text: "")]
            ),
            Rule(
                id: "H03-acetaminophen",
                kind: .research,
                title: "Acetaminophen with exercise therapy (hypothesis)",
                source: "\(drugs), paragraph 3 (refs 74, 75)",
                locator: ReviewLocator(.drugs, 3),
                basis: .hypothesis,
                scope: .dysfunctionalEA,
                when: .all([.medication([.acetaminophen]), .anyDysfunction]),
                recommendations: [.init(guideline: "research-acetaminophen-with-exercise", action: .consider, text: "")]
            ),
        ]
    )
}
