import Foundation
import Testing

@testable import AnalgesiaKnowledge

@Suite("Knowledge base")
struct KnowledgeBaseTests {
    static func condition(_ slug: String, statements: [EAStatement], codes: [ConditionCode] = []) -> Condition {
        Condition(
            slug: slug,
            name: slug.capitalized,
            summary: "",
            synonyms: [],
            codes: codes,
            centralSensitization: false,
            centralSensitizationNote: "",
            eaSummary: "",
            eaStatements: statements,
            sourceID: "s"
        )
    }

    static func knowledge(_ conditions: [Condition]) -> KnowledgeBase {
        KnowledgeBase(
            content: KnowledgeContent(
                semver: "2.1.0",
                revision: 3,
                sources: [],
                citations: [],
                populations: [],
                conditions: conditions,
                mechanisms: [],
                findings: [],
                guidelines: []
            ),
            contentHash: "0123456789abcdef0123"
        )
    }

    @Test("the version is the semver plus the first 12 hex digits of the content hash")
    func version() {
        #expect(Self.knowledge([]).version == "2.1.0+0123456789ab")
    }

    @Test("a stated 'any' cell applies at every site; a silent type is unknown")
    func anySiteInherits() {
        let knowledge = Self.knowledge([
            Self.condition(
                "pain",
                statements: [
                    .init(exerciseType: .aerobic, site: .any, response: .hyperalgesia, evidenceBasis: .published, rationale: "r", findingIDs: ["f"])
                ]
            )
        ])
        let profile = knowledge.eaProfile(of: "pain")
        #expect(profile.count == ExerciseType.allCases.count * Site.allCases.count)
        let painful = knowledge.eaCell(of: "pain", exerciseType: .aerobic, site: .painfulRegion)
        #expect(painful?.response == .hyperalgesia)
        #expect(painful?.stated == false)
        #expect(painful?.findingIDs == ["f"])
        let eccentric = knowledge.eaCell(of: "pain", exerciseType: .eccentric, site: .any)
        #expect(eccentric?.response == .unknown)
        #expect(eccentric?.findingIDs.isEmpty == true)
        #expect(eccentric?.evidenceBasis == nil)
    }

    @Test("'any' without a statement takes the least favourable site: the exercised part may be the painful one")
    func anySiteTakesWorst() {
        let knowledge = Self.knowledge([
            Self.condition(
                "myalgia",
                statements: [
                    .init(
                        exerciseType: .isometric,
                        site: .painfulRegion,
                        response: .noChange,
                        evidenceBasis: .published,
                        rationale: "p",
                        findingIDs: ["a"]
                    ),
                    .init(
                        exerciseType: .isometric,
                        site: .nonPainfulRegion,
                        response: .hypoalgesia,
                        evidenceBasis: .published,
                        rationale: "n",
                        findingIDs: ["b"]
                    ),
                ]
            )
        ])
        let any = knowledge.eaCell(of: "myalgia", exerciseType: .isometric, site: .any)
        #expect(any?.response == .noChange)
        #expect(any?.stated == false)
        #expect(any?.findingIDs == ["a", "b"])
        #expect(any?.rationale.contains("Depends on the site") == true)
    }

    @Test("dysfunction ranks: hyperalgesia over no change over unknown over hypoalgesia")
    func dysfunctionRank() {
        let ordered = PainResponse.allCases.sorted { $0.dysfunctionRank < $1.dysfunctionRank }
        #expect(ordered == [.hypoalgesia, .unknown, .noChange, .hyperalgesia])
        #expect(PainResponse.noChange.isDysfunctional && PainResponse.hyperalgesia.isDysfunctional)
        #expect(!PainResponse.unknown.isDysfunctional && !PainResponse.hypoalgesia.isDysfunctional)
    }

    @Test("ICD-10 codes match by prefix in any case, with or without dots; SNOMED CT matches exactly")
    func codeMatching() {
        let knee = ConditionCode(system: .icd10CM, code: "M17", display: "", match: .prefix)
        #expect(knee.matches(system: .icd10CM, code: "M17.11"))
        #expect(knee.matches(system: .icd10CM, code: "m1711"))
        #expect(!knee.matches(system: .icd10CM, code: "M1"))
        #expect(!knee.matches(system: .icd10, code: "M17.11"), "systems are distinct")
        let snomed = ConditionCode(system: .snomedCT, code: "203082005", display: "", match: .exact)
        #expect(snomed.matches(system: .snomedCT, code: "203082005"))
        #expect(!snomed.matches(system: .snomedCT, code: "2030820051"))
        let knowledge = Self.knowledge([Self.condition("oa", statements: [], codes: [knee])])
        #expect(knowledge.conditions(matching: .icd10CM, code: "M17.0").map(\.slug) == ["oa"])
        #expect(knowledge.conditions(matching: .icd10CM, code: "M16.0").isEmpty)
    }

    @Test("suggestions find the intended slug for typos and fragments, and nothing for noise")
    func suggestions() {
        let slugs = ["fibromyalgia", "chronic-fatigue-syndrome", "chronic-low-back-pain", "osteoarthritis"]
        #expect(KnowledgeBase.closest(to: "fibro", among: slugs) == ["fibromyalgia"])
        #expect(KnowledgeBase.closest(to: "osteoarthritus", among: slugs) == ["osteoarthritis"])
        #expect(KnowledgeBase.closest(to: "chronic-low-back", among: slugs).first == "chronic-low-back-pain")
        #expect(KnowledgeBase.closest(to: "zzzzzzzz", among: slugs).isEmpty)
    }
}
