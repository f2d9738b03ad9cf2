import AnalgesiaKnowledge
import Foundation
import Testing

@testable import AnalgesiaServer

/// The store holds everything the review establishes: these lists were written from the review
/// (Nijs et al., Pain Physician 2012) section by section, and the seeded knowledge must match them.
@Suite("Knowledge inventory")
struct KnowledgeInventoryTests {
    static let conditions: Set<String> = [
        "fibromyalgia", "chronic-fatigue-syndrome", "chronic-whiplash-associated-disorders", "chronic-low-back-pain",
        "osteoarthritis", "rheumatoid-arthritis", "shoulder-myalgia", "chronic-neck-pain",
    ]

    /// The biology section, the discussion of contraction-induced EA, the aerobic section and
    /// the treatment section, in order.
    static let mechanisms: Set<String> = [
        "endogenous-opioids", "periaqueductal-grey-descending-inhibition", "baroreceptor-cardiovascular-coupling",
        "growth-hormone-growth-factors", "catecholamines-alpha2a-adrenoceptors", "corticosteroids-stress-induced-analgesia",
        "distraction", "gate-control", "conditioned-pain-modulation", "peripheral-mechanisms", "muscle-ischemia-blood-flow",
        "descending-facilitation", "sympatho-adrenal-hpa-hyporeactivity", "nitric-oxide", "serotonergic-pathways",
        "cognitive-emotional-sensitization", "central-sensitization",
    ]

    /// Every study result the review reports, in the order it reports them.
    static let findings: [String] = [
        // Introduction (refs 1-20)
        "central-sensitization-pain-signature", "healthy-aerobic-ea-30-min",
        "healthy-resistance-ea-brief", "exercise-therapy-central-modulation-unproven",
        // Exercise therapy is effective, per condition, as the abstract, introduction and practice section say
        "exercise-therapy-effective-chronic-low-back-pain", "exercise-therapy-effective-chronic-whiplash",
        "exercise-therapy-effective-osteoarthritis", "exercise-therapy-effective-fibromyalgia",
        "exercise-therapy-effective-chronic-fatigue-syndrome", "exercise-therapy-effective-rheumatoid-arthritis",
        "exercise-therapy-effective-chronic-neck-pain",
        // Biology of exercise-induced EA (refs 16-38)
        "opioid-adrenergic-ea-direct-evidence-lacking", "hypertension-reduced-pain-sensitivity",
        "blood-pressure-opioid-activation", "beta-endorphin-release-mu-opioid", "animal-opioid-and-non-opioid-ea",
        "growth-hormone-sensitization-hypothesis", "growth-hormone-suppression-no-effect",
        "endorphin-growth-hormone-release-timing", "noradrenaline-alpha2a-dorsal-horn",
        "glucocorticoid-ea-opioid-non-opioid", "distraction-alters-pain",
        // Muscle contraction (refs 39-53, unpublished work)
        "static-contraction-increases-pain-myalgia-fibromyalgia", "muscle-ischemia-sensitizes-nociceptors",
        "reduced-muscle-blood-flow-static-contraction", "fibromyalgia-tenderness-after-static-contraction",
        "healthy-local-ea-static-contraction", "healthy-generalized-ea-static-contraction",
        "staud-2005-unilateral-isometric-30-mvc", "lannersten-2010-static-contraction-myalgia-fibromyalgia",
        "rheumatoid-arthritis-pilot-static-contraction", "osteoarthritis-preliminary-static-contraction",
        "fibromyalgia-cpm-dysfunction", "shoulder-myalgia-cpm-normal", "baroreceptor-static-contraction-modulation",
        "fibromyalgia-normal-cardiovascular-response", "fibromyalgia-sympathoadrenal-hpa-hyporeactivity",
        // Aerobic exercise (refs 21-23, 54-60)
        "whiteside-2004-cfs-treadmill", "van-oosterwijck-2010-cfs-submaximal-cycling",
        "van-oosterwijck-2010-cfs-self-paced-cycling", "cfs-dysfunctional-ea-explains-flares",
        "meeus-2010-interval-cycling-cfs-clbp", "van-oosterwijck-2012-whiplash-submaximal-cycling",
        "van-oosterwijck-2012-whiplash-self-paced-cycling", "whiplash-flares-after-exercise", "hoffman-2005-clbp-aerobic",
        "nitric-oxide-low-dose-inhibitory", "nitric-oxide-excess-central-sensitization", "exercise-triggers-nitric-oxide",
        "nitric-oxide-unrelated-to-exercise-pain-processing", "meeus-2011-citalopram-trial-stopped",
        "ssri-recruit-opioid-interneurons", "dysfunctional-aerobic-ea-limited-to-central-sensitization",
        // Applying the findings (refs 63-70)
        "exercise-nociceptive-input-myofiber-damage", "dysfunctional-ea-low-compliance-hypothesis",
        "graded-exercise-for-central-sensitization-unproven", "cognitive-emotional-descending-facilitation",
        // Drugs combined with exercise (refs 71-75)
        "opioid-withdrawal-not-needed-rehabilitation", "duloxetine-efficacy-fibromyalgia-osteoarthritis",
        "acetaminophen-improves-peak-performance", "acetaminophen-central-serotonergic-action",
    ]

    /// Table 1, in table order.
    static let tableOne: [String] = [
        "exercise-fun-not-burden", "shared-decision-on-protocol", "aerobic-and-motor-control", "careful-with-eccentric",
        "exercise-non-painful-body-parts", "allow-transient-pain-avoid-increasing-trend", "time-contingent-with-baseline",
        "conservative-baseline", "long-recovery-breaks", "monitor-symptom-flares", "minor-flares-expected-early",
        "no-grading-on-major-flare",
    ]

    static let textGuidance: Set<String> = [
        "prefer-aerobic-over-eccentric-isometric", "low-intensity-in-fibromyalgia",
        "exercise-non-painful-muscles-in-local-myalgia", "address-cognitive-emotional-sensitization",
        "tailor-to-prevent-flares", "keep-exercising-despite-dysfunctional-ea",
    ]

    static let researchHypotheses: Set<String> = [
        "research-opioids-with-early-graded-exercise", "research-snri-with-graded-exercise",
        "research-acetaminophen-with-exercise",
    ]

    @Test("all eight conditions, every mechanism and every finding are stored")
    func everythingIsStored() async throws {
        let (_, served) = try await seededKnowledge()
        let knowledge = served.knowledge
        #expect(Set(knowledge.conditions.map(\.slug)) == Self.conditions)
        #expect(Set(knowledge.mechanisms.map(\.slug)) == Self.mechanisms)
        #expect(Self.findings.count == Set(Self.findings).count, "the list has duplicates")
        #expect(Set(knowledge.findings.map(\.id)) == Set(Self.findings))
        #expect(knowledge.findings.count == 61)
    }

    @Test("the twelve guidelines of Table 1 in order, the text's guidance, and research hypotheses apart")
    func guidelines() async throws {
        let (_, served) = try await seededKnowledge()
        let knowledge = served.knowledge
        let table = knowledge.guidelines.filter { $0.origin == .table1 }
        #expect(table.map(\.slug) == Self.tableOne)
        #expect(table.map(\.tablePosition) == Array(1...12).map { Optional($0) })
        let text = knowledge.guidelines.filter { $0.origin == .text }
        #expect(Set(text.filter { $0.kind == .practice }.map(\.slug)) == Self.textGuidance)
        let research = text.filter { $0.kind == .researchHypothesis }
        #expect(Set(research.map(\.slug)) == Self.researchHypotheses)
        for guideline in research {
            #expect(guideline.advice.hasPrefix("Not advice."), "\(guideline.slug) must say it is not advice")
            #expect(guideline.evidenceLevel == .researchHypothesis)
        }
    }

    @Test("every item points to the review as its source and carries its evidence")
    func everyItemHasSourceAndEvidence() async throws {
        let (_, served) = try await seededKnowledge()
        let knowledge = served.knowledge
        let review = try #require(knowledge.source("nijs-2012-pain-physician"))
        #expect(review.doi == "10.36076/ppj.2012/15/es205")
        #expect(review.authors == ["Nijs J", "Kosek E", "Van Oosterwijck J", "Meeus M"])
        let sourceIDs =
            knowledge.conditions.map(\.sourceID) + knowledge.mechanisms.map(\.sourceID)
            + knowledge.findings.map(\.sourceID) + knowledge.guidelines.map(\.sourceID)
        #expect(Set(sourceIDs) == [review.id])

        for finding in knowledge.findings {
            // Only the review's own hypotheses, and its statements that give no reference (saying
            // so), may stand without a reference or named authors.
            #expect(
                !finding.referenceNumbers.isEmpty || finding.namedAuthors != nil || finding.evidenceStatus == .hypothesis
                    || (finding.basis == .reviewStatement && finding.summary.contains("No reference")),
                "\(finding.id) cites neither a reference number nor named authors"
            )
            #expect(!finding.results.isEmpty, "\(finding.id) has no result")
        }
        for mechanism in knowledge.mechanisms where mechanism.slug != "gate-control" && mechanism.slug != "peripheral-mechanisms" {
            #expect(!knowledge.findingLinks(forMechanism: mechanism.slug).isEmpty, "\(mechanism.slug) has no findings")
        }
        for guideline in knowledge.guidelines {
            #expect(!guideline.findingIDs.isEmpty, "\(guideline.slug) has no evidence")
        }
    }

    @Test("unpublished, pilot, stopped and hypothetical evidence keeps its label")
    func evidenceStatusLabels() async throws {
        let (_, served) = try await seededKnowledge()
        let knowledge = served.knowledge
        #expect(knowledge.finding("rheumatoid-arthritis-pilot-static-contraction")?.evidenceStatus == .pilot)
        #expect(knowledge.finding("osteoarthritis-preliminary-static-contraction")?.evidenceStatus == .inPreparation)
        #expect(knowledge.finding("meeus-2011-citalopram-trial-stopped")?.evidenceStatus == .stoppedEarly)
        #expect(knowledge.finding("growth-hormone-sensitization-hypothesis")?.evidenceStatus == .hypothesis)
        #expect(knowledge.finding("graded-exercise-for-central-sensitization-unproven")?.evidenceStatus == .hypothesis)
        #expect(knowledge.eaCell(of: "rheumatoid-arthritis", exerciseType: .isometric, site: .any)?.evidenceBasis == .pilot)
        #expect(knowledge.eaCell(of: "osteoarthritis", exerciseType: .isometric, site: .any)?.evidenceBasis == .unpublished)
        #expect(knowledge.mechanism("serotonergic-pathways")?.verdict == .inconclusive)
        #expect(knowledge.mechanism("nitric-oxide")?.verdict == .notSupported)
        #expect(knowledge.mechanism("growth-hormone-growth-factors")?.verdict == .unclear)
    }

    @Test("the eight matched primary studies are carried as citations with the match basis")
    func citations() async throws {
        let (_, served) = try await seededKnowledge()
        let knowledge = served.knowledge
        let numbers = [21, 22, 23, 39, 47, 54, 55, 59]
        for number in numbers {
            let citation = try #require(knowledge.citation(refNumber: number))
            #expect(citation.doi != nil || citation.pmid != nil, "ref \(number) has neither DOI nor PMID")
            #expect(!citation.matchBasis.isEmpty)
        }
        #expect(knowledge.content.citations.count == numbers.count)
        #expect(knowledge.citation(refNumber: 47)?.pmid == "16154700")
        #expect(knowledge.citation(refNumber: 39)?.doi == "10.1016/j.pain.2010.06.021")
    }

    @Test("EA profiles state the review's conclusions per condition")
    func eaProfiles() async throws {
        let (_, served) = try await seededKnowledge()
        let knowledge = served.knowledge
        func response(_ slug: String, _ type: ExerciseType, _ site: Site = .any) -> PainResponse? {
            knowledge.eaCell(of: slug, exerciseType: type, site: site)?.response
        }
        // Muscle contractions: generalised EA in OA and RA, more pain in fibromyalgia.
        #expect(response("fibromyalgia", .isometric) == .hyperalgesia)
        #expect(response("osteoarthritis", .isometric) == .hypoalgesia)
        #expect(response("rheumatoid-arthritis", .isometric) == .hypoalgesia)
        // Local myalgia: non-painful muscles bring EA, painful ones change nothing.
        #expect(response("shoulder-myalgia", .isometric, .nonPainfulRegion) == .hypoalgesia)
        #expect(response("shoulder-myalgia", .isometric, .painfulRegion) == .noChange)
        #expect(response("shoulder-myalgia", .isometric, .any) == .noChange)
        // Aerobic: dysfunctional with central sensitization, normal in chronic low back pain.
        #expect(response("chronic-fatigue-syndrome", .aerobic) == .hyperalgesia)
        #expect(response("chronic-whiplash-associated-disorders", .aerobic) == .noChange)
        #expect(response("fibromyalgia", .aerobic) == .noChange, "dysfunctional; more pain only in some patients")
        #expect(response("chronic-low-back-pain", .aerobic) == .hypoalgesia)
        // Nothing is claimed where the review is silent.
        #expect(response("chronic-neck-pain", .aerobic) == .unknown)
        #expect(response("fibromyalgia", .eccentric) == .unknown)
        for condition in knowledge.conditions {
            #expect(knowledge.eaProfile(of: condition.slug).count == 15)
            for cell in knowledge.eaProfile(of: condition.slug) where cell.response != .unknown {
                #expect(!cell.findingIDs.isEmpty, "\(condition.slug) \(cell.exerciseType) \(cell.site) rests on no finding")
            }
        }
        #expect(
            Set(knowledge.conditions.filter(\.centralSensitization).map(\.slug))
                == ["fibromyalgia", "chronic-fatigue-syndrome", "chronic-whiplash-associated-disorders"]
        )
    }

    @Test("pain-free people are the reference population")
    func referencePopulation() async throws {
        let (_, served) = try await seededKnowledge()
        let staud = try #require(served.knowledge.finding("staud-2005-unilateral-isometric-30-mvc"))
        let healthy = try #require(staud.results.first { $0.populationSlug == "healthy-pain-free" })
        #expect(served.knowledge.population("healthy-pain-free")?.isReference == true)
        #expect(healthy.response == .hypoalgesia)
        #expect(staud.exercise.intensity?.contains("30%") == true)
        #expect(staud.exercise.duration == "90 seconds")
        let cycling = try #require(served.knowledge.finding("van-oosterwijck-2010-cfs-submaximal-cycling"))
        #expect(cycling.exercise.intensity?.contains("+25 W per minute up to 75% of the age-predicted target heart rate") == true)
    }
}
