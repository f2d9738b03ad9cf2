import AnalgesiaKnowledge
import HTTPTypes
import Testing

@testable import AnalgesiaServer

@Suite("Advice memo")
struct AdviceMemoTests {
    /// Every pair of covered conditions (and each alone) in every phase, flare and pain trend,
    /// with painful regions, factors and medications varied along.
    static func profiles(_ slugs: [String]) -> [PatientProfile] {
        var sets = slugs.map { [$0] }
        for (index, first) in slugs.enumerated() { for second in slugs[(index + 1)...] { sets.append([first, second]) } }
        var profiles: [PatientProfile] = []
        for (index, set) in sets.enumerated() {
            for phase in TherapyPhase.allCases {
                for flare in FlareSeverity.allCases {
                    for trend in PainTrend.allCases {
                        let variant = (index + profiles.count) % 4
                        profiles.append(
                            PatientProfile(
                                conditionSlugs: set,
                                painfulRegions: variant == 0 ? [.widespread] : variant == 1 ? [.shoulder] : [],
                                phase: phase,
                                flare: flare,
                                painTrend: trend,
                                cognitiveEmotionalFactors: variant == 2 ? [CognitiveEmotionalFactor.allCases[0]] : [],
                                medications: variant == 3 ? [MedicationClass.allCases[0]] : []
                            )
                        )
                    }
                }
            }
        }
        return profiles
    }

    @Test(
        "remembered advice, and advice computed from a condition set's shared analysis, is identical to advice worked out alone for every generated profile, through evictions"
    )
    func identical() async throws {
        let served = try await seededKnowledge().1
        let profiles = Self.profiles(served.knowledge.conditions.map(\.slug).sorted())
        #expect(Set(profiles).count == profiles.count)
        // Small enough that the set passes through several evictions of both maps (profiles and
        // condition sets); large enough for hits.
        let memo = AdviceMemo(engine: served.engine, capacity: 300, conditionSets: 8)
        for round in 1...2 {
            for profile in profiles {
                let fresh = served.engine.advise(profile)
                #expect(memo.advise(profile) == fresh, "round \(round): \(profile)")
                #expect(memo.advise(profile) == fresh, "round \(round), remembered: \(profile)")
            }
            #expect(memo.count <= 2 * memo.capacity)
            #expect(memo.conditionSetCount <= 2 * 8)
        }
    }

    @Test("an analysis of other conditions, or of another knowledge version, is not used")
    func analysisOfOtherConditionsIgnored() async throws {
        let served = try await seededKnowledge().1
        let engine = served.engine
        let profile = PatientProfile(conditionSlugs: ["fibromyalgia"], painfulRegions: [.neck], phase: .grading)
        let other = engine.analyse(conditionSlugs: ["shoulder-myalgia"])
        #expect(engine.advise(profile, given: other) == engine.advise(profile))
        #expect(engine.advise(profile, given: engine.analyse(conditionSlugs: ["fibromyalgia", "fibromyalgia"])) == engine.advise(profile))

        // A curated write changed fibromyalgia's caution: an analysis of the older snapshot
        // would still carry the old one.
        var content = served.knowledge.content
        content.semver = "9.9.9"
        let index = try #require(content.conditions.firstIndex { $0.slug == "fibromyalgia" })
        content.conditions[index].caution = "A caution written after the analysis."
        let newer = RecommendationEngine(knowledge: KnowledgeBase(content: content, contentHash: String(repeating: "0", count: 64)))
        let stale = engine.analyse(conditionSlugs: ["fibromyalgia"])
        let advice = newer.advise(profile, given: stale)
        #expect(advice == newer.advise(profile))
        #expect(advice.cautions.contains("Fibromyalgia: A caution written after the analysis."))
    }

    @Test("a profile written differently (order, repeats) shares the remembered advice")
    func normalised() async throws {
        let served = try await seededKnowledge().1
        let memo = AdviceMemo(engine: served.engine)
        let one = memo.advise(PatientProfile(conditionSlugs: ["fibromyalgia", "chronic-low-back-pain"], painfulRegions: [.neck, .shoulder]))
        let two = memo.advise(PatientProfile(conditionSlugs: ["chronic-low-back-pain", "fibromyalgia", "fibromyalgia"], painfulRegions: [.shoulder, .neck]))
        #expect(one == two)
        #expect(memo.count == 1)
    }

    @Test("a new knowledge version starts with an empty memo: advice after a curated write carries the new version")
    func emptiedByAVersionChange() async throws {
        let (store, tokens) = try await keyedStore()
        try await withApp(store: store) { client in
            let body = #"{"conditions":["fibromyalgia"]}"#
            let first = try await client.call(.post, "/v1/recommendations", headers: [.contentType: "application/json"], body: body)
            let firstVersion = try #require(first.headers[.knowledgeBaseVersion])
            #expect(first["knowledgeBaseVersion"] as? String == firstVersion)

            let current = try await client.call(.get, "/v1/guidelines/conservative-baseline")
            let etag = try #require(current.headers[.eTag])
            let patched = try await client.call(
                .patch,
                "/v1/guidelines/conservative-baseline",
                headers: json(tokens.curator, ifMatch: etag, contentType: "application/merge-patch+json"),
                body: #"{"title":"Start from a conservative baseline"}"#
            )
            #expect(patched.status == .ok, "\(patched.text)")

            let second = try await client.call(.post, "/v1/recommendations", headers: [.contentType: "application/json"], body: body)
            let secondVersion = try #require(second.headers[.knowledgeBaseVersion])
            #expect(secondVersion != firstVersion)
            #expect(second["knowledgeBaseVersion"] as? String == secondVersion)
        }
        let served = try await seededKnowledge().1
        _ = served.advise(PatientProfile(conditionSlugs: ["fibromyalgia"]))
        #expect(served.memo.count == 1)
        var content = served.knowledge.content
        content.semver = "2.0.2"
        content.revision += 1
        let next = ServedKnowledge(content: content)
        #expect(next.version != served.version)
        #expect(next.memo.count == 0)
        #expect(next.advise(PatientProfile(conditionSlugs: ["fibromyalgia"])).knowledgeBaseVersion == next.version)
    }
}
