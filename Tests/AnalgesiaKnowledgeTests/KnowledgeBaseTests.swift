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
        #expect(painful?.basis == .inferred, "a derived cell says it is inferred")
        #expect(painful?.rationale.hasPrefix("Inferred, not stated by the review") == true)
        #expect(knowledge.eaCell(of: "pain", exerciseType: .aerobic, site: .any)?.basis == .study)
        let eccentric = knowledge.eaCell(of: "pain", exerciseType: .eccentric, site: .any)
        #expect(eccentric?.response == .unknown)
        #expect(eccentric?.findingIDs.isEmpty == true)
        #expect(eccentric?.evidenceBasis == nil)
        #expect(eccentric?.basis == .notStudied)
        #expect(profile.allSatisfy { $0.rationale.hasSuffix(KnowledgeBase.acuteOnlyNote) }, "every cell says the studies are of one bout")
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
        #expect(any?.rationale.contains("depends on the site") == true)
        #expect(any?.basis == .inferred)
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

    @Test("the most specific code decides: an excluded code under a covered prefix is refused with its reason")
    func mostSpecificCodeDecides() {
        let ra = ConditionCode(system: .icd10CM, code: "M06", display: "", match: .prefix)
        let still = ConditionCode(system: .icd10CM, code: "M061", display: "", match: .prefix, scope: .excluded, caveat: "not RA")
        let back = ConditionCode(system: .snomedCT, code: "279039007", display: "", match: .exact, scope: .broader, caveat: "confirm > 3 months")
        let knowledge = Self.knowledge([Self.condition("ra", statements: [], codes: [ra, still]), Self.condition("clbp", statements: [], codes: [back])])
        guard case .covered(let condition, let row) = knowledge.lookUp(system: .icd10CM, code: "M06.9") else {
            Issue.record("M06.9 should be covered")
            return
        }
        #expect(condition.slug == "ra" && row.scope == .exact)
        guard case .refused(_, _, let reason) = knowledge.lookUp(system: .icd10CM, code: "M06.1") else {
            Issue.record("M06.1 should be refused")
            return
        }
        #expect(reason == "not RA")
        #expect(knowledge.conditions(matching: .icd10CM, code: "M061").isEmpty)
        guard case .covered(_, let broader) = knowledge.lookUp(system: .snomedCT, code: "279039007") else {
            Issue.record("a broader code is covered")
            return
        }
        #expect(broader.scope == .broader && broader.caveat == "confirm > 3 months")
        #expect(knowledge.lookUp(system: .icd10, code: "M06.9") == .unknown, "systems are distinct")
    }

    @Test("the indexed code look-up answers as a scan of every stored code would, for stored, longer, shorter and unknown codes")
    func indexedLookUpMatchesScan() {
        let codes: [String: [ConditionCode]] = [
            "ra": [
                ConditionCode(system: .icd10CM, code: "M06", display: "", match: .prefix),
                ConditionCode(system: .icd10CM, code: "M061", display: "", match: .prefix, scope: .excluded, caveat: "not RA"),
                ConditionCode(system: .icd10CM, code: "M069", display: "", match: .exact, scope: .broader, caveat: "unspecified"),
                ConditionCode(system: .snomedCT, code: "69896004", display: "", match: .exact),
            ],
            "oa": [
                ConditionCode(system: .icd10CM, code: "M17", display: "", match: .prefix),
                ConditionCode(system: .icd10CM, code: "M1711", display: "", match: .exact),
                ConditionCode(system: .icd10, code: "M17", display: "", match: .prefix),
            ],
            "oa-knee": [ConditionCode(system: .icd10CM, code: "M171", display: "", match: .prefix, scope: .broader, caveat: "one knee")],
            "wad": [ConditionCode(system: .icd10CM, code: "S134", display: "", match: .prefix, scope: .broader, caveat: "chronic?")],
            "fm": [ConditionCode(system: .icd10CM, code: "M797", display: "", match: .exact), ConditionCode(system: .icd10CM, code: "M79", display: "", match: .prefix, scope: .broader)],
            // Two conditions with the same prefix: equally specific, so the first slug decides.
            "tie-b": [ConditionCode(system: .icd10CM, code: "G89", display: "", match: .prefix)],
            "tie-a": [ConditionCode(system: .icd10CM, code: "G89", display: "", match: .prefix, scope: .broader, caveat: "tie")],
        ]
        let conditions = codes.keys.sorted().map { Self.condition($0, statements: [], codes: codes[$0]!) }
        let knowledge = Self.knowledge(conditions)
        let rows = conditions.flatMap { condition in condition.codes.map { (condition, $0) } }
        // The scan `lookUp` answered with before it had indices.
        func scan(_ system: CodeSystem, _ code: String) -> CodeLookup {
            let normalized = system.normalize(code)
            guard
                let (condition, row) = rows.filter({ $0.1.matches(system: system, code: normalized) }).max(by: { lhs, rhs in
                    (lhs.1.match == .exact ? 1 : 0, lhs.1.code.count, rhs.0.slug) < (rhs.1.match == .exact ? 1 : 0, rhs.1.code.count, lhs.0.slug)
                })
            else { return .unknown }
            if row.scope == .excluded { return .refused(condition: condition, code: row, reason: row.caveat ?? "it names patients the review did not study") }
            if let acute = system.acuteEncounterReason(normalized) { return .refused(condition: condition, code: row, reason: acute) }
            return .covered(condition: condition, code: row)
        }
        var probes = ["", "X", "M", "M7", "M79.70", "S13.4XXA", "S13.4XXS", "m06.9", " M17.11 ", "Z99"]
        for (_, row) in rows {
            probes += [row.code, row.code + "9", row.code + "XXA", String(row.code.dropLast()), row.code.lowercased(), String(row.code.prefix(3)) + "." + row.code.dropFirst(3)]
        }
        var answered = 0
        for system in CodeSystem.allCases {
            for probe in probes {
                let lookUp = knowledge.lookUp(system: system, code: probe)
                #expect(lookUp == scan(system, probe), "\(system) \(probe)")
                if lookUp != .unknown { answered += 1 }
            }
        }
        #expect(answered > 40, "the probes reach covered and refused codes, not only unknown ones")
        #expect(knowledge.conditions(matching: .icd10CM, code: "G89.4").map(\.slug) == ["tie-a"])
    }

    @Test("a code is normalised byte by byte as Unicode's upper-casing and whitespace rules would, for every ASCII character")
    func asciiNormalisationMatchesUnicode() {
        let ascii = (0..<128).map { String(UnicodeScalar(UInt8($0))) }
        var probes = ascii.flatMap { ["m\($0)06.9", $0, $0 + $0] } + ["\r\n", " m79.7 \r\n", "s13.4xxa", "", "..."]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<2000 {
            var probe = ""
            for _ in 0..<Int(state % 9) {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                probe += ascii[Int(state >> 57)]
            }
            probes.append(probe)
        }
        for system in CodeSystem.allCases {
            for probe in probes {
                #expect(system.normalize(probe) == CodeSystem.normalizeUnicode(probe), "\(probe.debugDescription)")
            }
        }
        #expect(CodeSystem.icd10CM.normalize(" m79.7\t") == "M797")
        #expect(CodeSystem.icd10CM.normalize("m06\u{00A0}.9") == "M069", "non-ASCII text takes Unicode's rules: a no-break space is whitespace")
        #expect(CodeSystem.icd10CM.normalize("straße") == "STRASSE")
    }

    @Test("condition entries are trimmed and split as Foundation's whitespace set and contains would, ASCII or not")
    func entryTrimmingMatchesFoundation() {
        let pieces = ["", " ", "\t", "\u{00A0}", "\u{3000}", "\n", "\r\n", "|", "a", "M79.7", "é", "e\u{301}", "|\u{301}", "~", "!"]
        for first in pieces {
            for middle in pieces {
                for last in pieces {
                    let entry = first + middle + last
                    #expect(KnowledgeBase.trimmingSpaces(entry) == entry.trimmingCharacters(in: .whitespaces), "\(entry.debugDescription)")
                    #expect(KnowledgeBase.containsBar(entry) == entry.contains("|"), "\(entry.debugDescription)")
                }
            }
        }
    }

    @Test("an ICD-10-CM initial-encounter injury code is refused even under a covered prefix; subsequent and sequela codes are not")
    func initialEncounterRefused() {
        let sprain = ConditionCode(system: .icd10CM, code: "S134", display: "", match: .prefix, scope: .broader, caveat: "confirm chronic")
        let knowledge = Self.knowledge([Self.condition("wad", statements: [], codes: [sprain])])
        guard case .refused(_, _, let reason) = knowledge.lookUp(system: .icd10CM, code: "S13.4XXA") else {
            Issue.record("S13.4XXA should be refused")
            return
        }
        #expect(reason.contains("initial-encounter"))
        #expect(knowledge.conditions(matching: .icd10CM, code: "S13.4XXS").map(\.slug) == ["wad"])
        #expect(knowledge.conditions(matching: .icd10CM, code: "S13.4XXD").map(\.slug) == ["wad"])
        #expect(CodeSystem.icd10.acuteEncounterReason("S134XXA") == nil, "WHO ICD-10 has no encounter character")
        #expect(CodeSystem.icd10CM.acuteEncounterReason("M7970A") == nil, "only injury chapters S and T")
    }

    @Test("locators parse only paragraphs and Table 1 items the review has, and print back the same")
    func locators() {
        for text in ["abstract/p7", "aerobic/p5", "table-1/item-12", "muscle-contraction/p3", "conclusion/p1"] {
            #expect(ReviewLocator(text)?.description == text, "\(text)")
        }
        for text in ["abstract/p8", "table-1/item-13", "table-1/p1", "aerobic/item-1", "aerobic/p0", "aerobic/p05", "nowhere/p1", "aerobic", ""] {
            #expect(ReviewLocator(text) == nil, "\(text)")
        }
        #expect(ReviewLocator.table1(12).label == "Table 1, item 12")
        #expect(ReviewLocator(.aerobic, 5).label.hasSuffix("paragraph 5"))
        let regex = try? Regex(ReviewLocator.pattern)
        for section in ReviewSection.allCases {
            for position in 1...section.count {
                let locator = ReviewLocator(section, position)
                #expect(ReviewLocator(locator.description) == locator)
                if let regex { #expect(locator.description.wholeMatch(of: regex) != nil, "\(locator)") }
            }
        }
    }

    @Test("a citation without volume or pages says so")
    func citationCompleteness() {
        func citation(_ volumePages: String?) -> Citation {
            Citation(
                sourceID: "s", refNumber: 1, firstAuthor: "A", year: 2000, title: "t", journal: "j", volumePages: volumePages, doi: nil,
                pmid: nil, matchBasis: "m"
            )
        }
        #expect(citation("42(9):884-890").missingParts.isEmpty)
        #expect(citation("268:265-278").missingParts.isEmpty)
        #expect(citation("118").missingParts == ["pages"])
        #expect(citation("(1):77-86").missingParts == ["volume"])
        #expect(citation(nil).missingParts == ["volume", "pages"])
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
