import AnalgesiaKnowledge
import Foundation
import GRDB
import Testing

@testable import AnalgesiaServer

/// The review's conclusions as scenarios, run through the rules engine over the real seeded
/// knowledge (no HTTP). Each rule of the rule set fires in at least one scenario here.
@Suite("Recommendation scenarios")
struct RecommendationScenarioTests {
    static func engine() async throws -> RecommendationEngine {
        let (_, served) = try await seededKnowledge()
        return served.engine
    }

    static func advise(_ profile: PatientProfile) async throws -> Advice {
        try await engine().advise(profile)
    }

    static func expected(_ advice: Advice, _ type: ExerciseType, _ site: Site = .any) -> PainResponse? {
        advice.expectedResponses.first { $0.exerciseType == type && $0.site == site }?.response
    }

    static func guidelines(_ advice: Advice) -> [String] { advice.recommendations.map(\.guideline) }

    static func fired(_ advice: Advice) -> Set<String> { Set(advice.trace.filter(\.fired).map(\.rule)) }

    // MARK: Conditions

    @Test("fibromyalgia: isometric work brings hyperalgesia, aerobic EA is dysfunctional, train at low intensity")
    func fibromyalgia() async throws {
        let advice = try await Self.advise(PatientProfile(conditionSlugs: ["fibromyalgia"], painfulRegions: [.widespread]))
        #expect(Self.expected(advice, .isometric) == .hyperalgesia)
        #expect(Self.expected(advice, .aerobic)?.isDysfunctional == true)
        #expect(advice.dysfunctionalEA)
        let low = try #require(advice.recommendations.first { $0.guideline == "low-intensity-in-fibromyalgia" })
        #expect(low.action == .do)
        #expect(low.text.contains("low"))
        #expect(low.references.contains(39))
        #expect(low.rule == "R05-low-intensity-when-muscle-work-sensitizes")
        #expect(Self.guidelines(advice).contains("prefer-aerobic-over-eccentric-isometric"))
        #expect(Self.guidelines(advice).contains("aerobic-and-motor-control"))
        // Widespread pain leaves no body part free of pain to exercise instead.
        #expect(!Self.guidelines(advice).contains("exercise-non-painful-body-parts"))
        #expect(advice.trace.first { $0.rule == "R10-include-non-painful-body-parts" }?.reason.contains("widespread") == true)
    }

    @Test("chronic fatigue syndrome: aerobic EA is dysfunctional; prevent flares from the start")
    func chronicFatigue() async throws {
        let advice = try await Self.advise(PatientProfile(conditionSlugs: ["chronic-fatigue-syndrome"], phase: .initiation))
        #expect(Self.expected(advice, .aerobic) == .hyperalgesia)
        let flares = try #require(advice.recommendations.first { $0.guideline == "tailor-to-prevent-flares" })
        #expect(flares.text.contains("Chronic fatigue syndrome"))
        #expect(flares.findingIDs.contains("van-oosterwijck-2010-cfs-submaximal-cycling"))
        #expect(flares.references.contains(22))
        #expect(Self.guidelines(advice).contains("conservative-baseline"))
        #expect(Self.guidelines(advice).contains("monitor-symptom-flares"))
        #expect(Self.guidelines(advice).contains("long-recovery-breaks"))
        // Table 1 expects grading to start with monitoring (item 10); only a major flare stops it (item 12).
        #expect(advice.grading.decision == .progress)
        #expect(advice.grading.rule == "G04-progress")
    }

    @Test("chronic whiplash: aerobic EA is dysfunctional; prevent flares")
    func whiplash() async throws {
        let advice = try await Self.advise(PatientProfile(conditionSlugs: ["chronic-whiplash-associated-disorders"], painfulRegions: [.neck]))
        #expect(Self.expected(advice, .aerobic)?.isDysfunctional == true)
        #expect(Self.guidelines(advice).contains("tailor-to-prevent-flares"))
        let nonPainful = try #require(advice.recommendations.first { $0.guideline == "exercise-non-painful-body-parts" })
        #expect(nonPainful.text.contains("neck"))
        #expect(advice.recommendations.first { $0.guideline == "tailor-to-prevent-flares" }?.references.contains(23) == true)
    }

    @Test("chronic low back pain: aerobic EA works normally; Table 1 dysfunction rules stay quiet")
    func lowBackPain() async throws {
        let advice = try await Self.advise(
            PatientProfile(conditionSlugs: ["chronic-low-back-pain"], painfulRegions: [.lowBack], phase: .established)
        )
        #expect(Self.expected(advice, .aerobic) == .hypoalgesia)
        #expect(!advice.dysfunctionalEA)
        #expect(Self.guidelines(advice).contains("keep-exercising-despite-dysfunctional-ea"))
        #expect(!Self.guidelines(advice).contains("tailor-to-prevent-flares"))
        #expect(!Self.guidelines(advice).contains("low-intensity-in-fibromyalgia"))
        #expect(advice.grading.decision == .progress)
        #expect(advice.trace.first { $0.rule == "R04-tailor-to-prevent-flares" }?.fired == false)
    }

    @Test("rheumatoid arthritis (pilot) and osteoarthritis (unpublished): isometric EA works, and the answer says on what")
    func arthritis() async throws {
        for (slug, basis) in [("rheumatoid-arthritis", ClaimBasis.pilot), ("osteoarthritis", .unpublished)] {
            let advice = try await Self.advise(PatientProfile(conditionSlugs: [slug], phase: .established))
            let isometric = try #require(advice.expectedResponses.first { $0.exerciseType == .isometric && $0.site == .any })
            #expect(isometric.response == .hypoalgesia, "\(slug)")
            #expect(isometric.basis == basis, "\(slug)")
            #expect(isometric.conditions.first?.basis == basis, "\(slug)")
            #expect(isometric.rationale.contains(basis.label), "\(slug)")
            #expect(!advice.dysfunctionalEA, "\(slug)")
            #expect(advice.grading.decision == .progress, "\(slug)")
        }
    }

    @Test("shoulder myalgia: the painful muscle brings no change, non-painful muscles bring analgesia; exercise them")
    func shoulderMyalgia() async throws {
        let advice = try await Self.advise(PatientProfile(conditionSlugs: ["shoulder-myalgia"], painfulRegions: [.shoulder]))
        #expect(Self.expected(advice, .isometric, .painfulRegion) == .noChange)
        #expect(Self.expected(advice, .isometric, .nonPainfulRegion) == .hypoalgesia)
        #expect(Self.expected(advice, .isometric, .any) == .noChange, "without knowing the site, expect the painful one")
        let muscles = try #require(advice.recommendations.first { $0.guideline == "exercise-non-painful-muscles-in-local-myalgia" })
        #expect(muscles.text.contains("non-painful regions"))
        #expect(muscles.findingIDs.contains("lannersten-2010-static-contraction-myalgia-fibromyalgia"))
        #expect(Self.guidelines(advice).contains("exercise-non-painful-body-parts"))
        #expect(!Self.guidelines(advice).contains("low-intensity-in-fibromyalgia"))
    }

    @Test("several conditions at once: dysfunction dominates, so fibromyalgia with low back pain is never promised aerobic hypoalgesia")
    func severalConditions() async throws {
        let advice = try await Self.advise(PatientProfile(conditionSlugs: ["fibromyalgia", "chronic-low-back-pain"]))
        let aerobic = try #require(advice.expectedResponses.first { $0.exerciseType == .aerobic && $0.site == .any })
        #expect(aerobic.response != .hypoalgesia)
        #expect(aerobic.response == .noChange)
        #expect(Set(aerobic.conditions.map(\.condition)) == ["fibromyalgia", "chronic-low-back-pain"])
        #expect(aerobic.rationale.contains("least favourable"))

        // Low back pain with neck pain: neck pain is unknown, so aerobic analgesia is not promised either.
        let unknown = try await Self.advise(PatientProfile(conditionSlugs: ["chronic-low-back-pain", "chronic-neck-pain"]))
        #expect(Self.expected(unknown, .aerobic) == .unknown)

        // Shoulder myalgia with fibromyalgia: all sites become hyperalgesic for isometric work.
        let both = try await Self.advise(PatientProfile(conditionSlugs: ["shoulder-myalgia", "fibromyalgia"]))
        #expect(Self.expected(both, .isometric, .nonPainfulRegion) == .hyperalgesia)
    }

    // MARK: Grading

    @Test("a major flare: no grading, whatever else holds")
    func majorFlare() async throws {
        for phase in TherapyPhase.allCases {
            for trend in PainTrend.allCases {
                let advice = try await Self.advise(
                    PatientProfile(conditionSlugs: ["chronic-low-back-pain"], phase: phase, flare: .major, painTrend: trend)
                )
                #expect(advice.grading.decision == .hold, "\(phase) \(trend)")
                #expect(advice.grading.rule == "G01-major-flare-hold")
                #expect(advice.recommendations.first?.guideline == "no-grading-on-major-flare")
                #expect(advice.recommendations.first?.action == .avoid)
            }
        }
    }

    @Test("pain increasing over time: modify, never progress")
    func increasingPain() async throws {
        for slug in ["chronic-low-back-pain", "fibromyalgia"] {
            let advice = try await Self.advise(PatientProfile(conditionSlugs: [slug], phase: .grading, painTrend: .increasing))
            #expect(advice.grading.decision == .modify, "\(slug)")
            #expect(advice.grading.rule == "G02-increasing-pain-modify")
            #expect(Self.guidelines(advice).first == "allow-transient-pain-avoid-increasing-trend")
        }
    }

    @Test("progress is never given during a major flare or while pain increases, for any profile")
    func neverProgressUnsafely() async throws {
        let engine = try await Self.engine()
        for slug in engine.knowledge.conditions.map(\.slug) {
            for phase in TherapyPhase.allCases {
                for flare in FlareSeverity.allCases {
                    for trend in PainTrend.allCases {
                        let advice = engine.advise(PatientProfile(conditionSlugs: [slug], phase: phase, flare: flare, painTrend: trend))
                        if flare == .major || trend == .increasing {
                            #expect(advice.grading.decision != .progress, "\(slug) \(phase) \(flare) \(trend)")
                        }
                    }
                }
            }
        }
    }

    @Test("minor flares do not stop grading: natural early (monitor), should cease once established (caution)")
    func minorFlares() async throws {
        let early = try await Self.advise(PatientProfile(conditionSlugs: ["chronic-fatigue-syndrome"], phase: .initiation, flare: .minor))
        #expect(early.grading.decision == .progress)
        #expect(early.grading.reason.contains("only for a major flare (item 12)"))
        #expect(early.recommendations.contains { $0.guideline == "minor-flares-expected-early" && $0.action == .monitor })

        let grading = try await Self.advise(PatientProfile(conditionSlugs: ["chronic-fatigue-syndrome"], phase: .grading, flare: .minor))
        #expect(grading.grading.decision == .progress)
        #expect(grading.recommendations.contains { $0.rule == "R15b-minor-flare-while-grading" && $0.action == .monitor })

        let late = try await Self.advise(PatientProfile(conditionSlugs: ["chronic-fatigue-syndrome"], phase: .established, flare: .minor))
        #expect(late.grading.decision == .modify, "minor flares should have ceased; item 10 asks to adapt the modalities")
        #expect(late.grading.locator == .table1(11))
        #expect(late.recommendations.contains { $0.guideline == "minor-flares-expected-early" && $0.action == .caution })
    }

    @Test("grading may progress once the routine is established without flares")
    func progress() async throws {
        let advice = try await Self.advise(PatientProfile(conditionSlugs: ["fibromyalgia"], phase: .grading, painTrend: .decreasing))
        #expect(advice.grading.decision == .progress)
        #expect(advice.grading.rule == "G04-progress")
        #expect(Self.guidelines(advice).contains("monitor-symptom-flares"), "grading is when flares need watching")
        #expect(Self.guidelines(advice).contains("conservative-baseline"))
    }

    // MARK: Optional factors

    @Test("reported cognitive-emotional factors are addressed; otherwise only considered")
    func cognitiveEmotional() async throws {
        let reported = try await Self.advise(
            PatientProfile(conditionSlugs: ["chronic-low-back-pain"], cognitiveEmotionalFactors: [.catastrophizing, .stress])
        )
        let address = try #require(reported.recommendations.first { $0.guideline == "address-cognitive-emotional-sensitization" })
        #expect(address.action == .do)
        #expect(address.text.contains("catastrophizing"))
        #expect(address.references.contains(65))

        let none = try await Self.advise(PatientProfile(conditionSlugs: ["chronic-low-back-pain"]))
        #expect(none.recommendations.first { $0.guideline == "address-cognitive-emotional-sensitization" }?.action == .consider)
    }

    @Test("medications get only the review's research hypotheses, never advice")
    func medications() async throws {
        let advice = try await Self.advise(
            PatientProfile(conditionSlugs: ["fibromyalgia", "chronic-low-back-pain"], medications: [.opioid, .ssri, .acetaminophen])
        )
        #expect(
            Set(advice.researchHypotheses.map(\.guideline)) == [
                "research-opioids-with-early-graded-exercise", "research-snri-with-graded-exercise", "research-acetaminophen-with-exercise",
            ]
        )
        for note in advice.researchHypotheses {
            #expect(note.text.hasPrefix("Not advice."))
        }
        #expect(!Self.guidelines(advice).contains { $0.hasPrefix("research-") }, "research hypotheses never appear as recommendations")
        let none = try await Self.advise(PatientProfile(conditionSlugs: ["fibromyalgia"]))
        #expect(none.researchHypotheses.isEmpty)
    }

    // MARK: Properties of the engine

    @Test("every rule of the rule set fires in some scenario")
    func everyRuleFires() async throws {
        // The seeded conditions with dysfunction wherever the body works all lack aerobic analgesia
        // too; R07 (prefer aerobic, nothing to reconcile) needs a condition that does not.
        let (database, _) = try await seededKnowledge()
        try await Self.addIsometricOnlyCondition(database)
        let engine = ServedKnowledge(content: try await SQLiteKnowledgeRepository(database: database).loadContent()).engine
        let profiles: [PatientProfile] = [
            .init(conditionSlugs: ["test-sensitized-pain"]),
            .init(conditionSlugs: ["chronic-neck-pain"]),
            .init(conditionSlugs: ["chronic-fatigue-syndrome"], phase: .grading, flare: .minor),
            .init(conditionSlugs: ["fibromyalgia"], flare: .major),
            .init(conditionSlugs: ["fibromyalgia"], painTrend: .increasing),
            .init(conditionSlugs: ["shoulder-myalgia"], painfulRegions: [.shoulder], phase: .initiation, flare: .minor),
            .init(conditionSlugs: ["shoulder-myalgia"], phase: .established, flare: .minor),
            .init(conditionSlugs: ["fibromyalgia"], cognitiveEmotionalFactors: [.stress], medications: [.opioid, .snri, .acetaminophen]),
            .init(conditionSlugs: ["chronic-low-back-pain"], medications: [.opioid]),
            .init(conditionSlugs: ["chronic-low-back-pain"], phase: .established),
            .init(conditionSlugs: ["chronic-fatigue-syndrome"], phase: .initiation),
        ]
        var fired = Set<String>()
        for profile in profiles { fired.formUnion(Self.fired(engine.advise(profile))) }
        let never = Set(RuleSet.current.rules.map(\.id)).subtracting(fired)
        #expect(never.isEmpty, "never fired: \(never.sorted())")
    }

    @Test("the trace lists every rule, fired or not, with a reason")
    func trace() async throws {
        let advice = try await Self.advise(PatientProfile(conditionSlugs: ["fibromyalgia"]))
        #expect(advice.trace.map(\.rule) == RuleSet.current.rules.map(\.id))
        #expect(advice.trace.allSatisfy { !$0.reason.isEmpty && !$0.source.isEmpty })
        #expect(advice.trace.first { $0.rule == "R01-no-grading-in-major-flare" }?.fired == false)
        #expect(advice.ruleSetVersion == RuleSet.current.version)
    }

    @Test("deterministic: the same profile gives the same advice, whatever the input order")
    func deterministic() async throws {
        let engine = try await Self.engine()
        let one = engine.advise(
            PatientProfile(conditionSlugs: ["fibromyalgia", "shoulder-myalgia"], painfulRegions: [.neck, .shoulder], medications: [.snri, .opioid])
        )
        let two = engine.advise(
            PatientProfile(
                conditionSlugs: ["shoulder-myalgia", "fibromyalgia", "fibromyalgia"],
                painfulRegions: [.shoulder, .neck],
                medications: [.opioid, .snri]
            )
        )
        #expect(one == two)
        #expect(one.recommendations.map(\.rank) == Array(1...one.recommendations.count))
    }

    @Test("driven by knowledge: a new condition with an EA profile changes the advice with no code change")
    func knowledgeDriven() async throws {
        let (database, _) = try await seededKnowledge()
        try await Self.addIsometricOnlyCondition(database)
        let content = try await SQLiteKnowledgeRepository(database: database).loadContent()
        let engine = ServedKnowledge(content: content).engine
        let advice = engine.advise(PatientProfile(conditionSlugs: ["test-sensitized-pain"]))
        #expect(advice.dysfunctionalEA)
        #expect(Self.guidelines(advice).contains("low-intensity-in-fibromyalgia"))
        #expect(advice.recommendations.first { $0.guideline == "low-intensity-in-fibromyalgia" }?.text.contains("Test sensitized pain") == true)
        #expect(advice.recommendations.contains { $0.rule == "R07-prefer-aerobic" })
        #expect(!advice.recommendations.contains { $0.rule == "R07b-prefer-aerobic-despite-aerobic-dysfunction" })
    }

    /// A condition whose isometric work raises pain everywhere and whose aerobic response is unknown.
    static func addIsometricOnlyCondition(_ database: AppDatabase) async throws {
        try await database.writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO condition (slug, name, summary, central_sensitization, central_sensitization_note, ea_summary, source_id)
                    VALUES ('test-sensitized-pain', 'Test sensitized pain', 'A test condition.', 1, 'Test.', 'Test.', 'nijs-2012-pain-physician');
                    INSERT INTO ea_response (condition_slug, exercise_type, site, response, evidence_basis, rationale, locator)
                    VALUES ('test-sensitized-pain', 'isometric', 'any', 'hyperalgesia', 'published', 'Test.', 'muscle-contraction/p2');
                    INSERT INTO ea_response_finding VALUES ('test-sensitized-pain', 'isometric', 'any', 'staud-2005-unilateral-isometric-30-mvc');
                    """
            )
        }
    }
}
