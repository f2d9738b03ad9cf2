import AnalgesiaAPI
import AnalgesiaKnowledge
import Foundation
import Testing
import Yams

@testable import AnalgesiaServer

/// openapi.yaml and the domain share one wire vocabulary; a drift would crash `wire(_:)`.
@Suite("Vocabulary")
struct VocabularyTests {
    static func same<Domain: CaseIterable & RawRepresentable, Schema: CaseIterable & RawRepresentable>(
        _: Domain.Type,
        _: Schema.Type
    ) -> Bool where Domain.RawValue == String, Schema.RawValue == String {
        Set(Domain.allCases.map(\.rawValue)) == Set(Schema.allCases.map(\.rawValue))
    }

    @Test("every domain enum has exactly the cases of its schema enum")
    func enumsMatch() {
        #expect(Self.same(ExerciseType.self, Components.Schemas.ExerciseType.self))
        #expect(Self.same(FindingExerciseType.self, Components.Schemas.FindingExerciseType.self))
        #expect(Self.same(Site.self, Components.Schemas.Site.self))
        #expect(Self.same(PainResponse.self, Components.Schemas.Response.self))
        #expect(Self.same(EvidenceStatus.self, Components.Schemas.EvidenceStatus.self))
        #expect(Self.same(EvidenceBasis.self, Components.Schemas.EvidenceBasis.self))
        #expect(Self.same(Verdict.self, Components.Schemas.Verdict.self))
        #expect(Self.same(MechanismRelation.self, Components.Schemas.MechanismRelation.self))
        #expect(Self.same(GuidelineKind.self, Components.Schemas.GuidelineKind.self))
        #expect(Self.same(GuidelineOrigin.self, Components.Schemas.GuidelineOrigin.self))
        #expect(Self.same(EvidenceLevel.self, Components.Schemas.EvidenceLevel.self))
        #expect(Self.same(CodeSystem.self, Components.Schemas.CodeSystem.self))
        #expect(Self.same(ItemKind.self, Components.Schemas.ItemKind.self))
        #expect(Self.same(CodeMatch.self, Components.Schemas.ConditionCode.MatchPayload.self))
    }

    @Test("the contract read at run time lists every operation the generated server implements")
    func contractParses() throws {
        let contract = try Contract.bundled()
        let operations = Set(contract.paths.flatMap { $0.operations.values.map(\.operationID) })
        #expect(
            operations.isSuperset(of: [
                "getLiveness", "getReadiness", "getOpenAPIDocument", "getKnowledgeBase", "listConditions", "getCondition",
                "listMechanisms", "getMechanism", "listFindings", "getFinding", "listGuidelines", "getGuideline", "search",
            ])
        )
        let route = try #require(contract.route(for: "/v1/conditions/fibromyalgia"))
        let (item, values) = (route.item, route.pathValues)
        #expect(item.template == "/v1/conditions/{slug}")
        #expect(values == ["slug": "fibromyalgia"])
        #expect(contract.route(for: "/v1/conditions/a/b") == nil)
    }

    @Test("the contract's fast YAML reading gives the values Yams' full constructor gives, scalar for scalar")
    func contractYAMLMatchesYams() throws {
        let text = String(decoding: PackageResources.openapi_yaml, as: UTF8.self)
        let fast = try #require(try ContractYAML.load(text))
        let full = try #require(try Yams.load(yaml: text))
        var differences: [String] = []
        Self.compare(fast, full, at: "", into: &differences)
        #expect(differences.isEmpty, "\(differences.prefix(10))")
    }

    /// Walks both trees; a timestamp Yams recognises must stay the text it was written as.
    static func compare(_ fast: Any, _ full: Any, at path: String, into differences: inout [String]) {
        switch (fast, full) {
        case (let fast as [String: Any], let full as [AnyHashable: Any]):
            let keys = Set(full.keys.map { "\($0)" })
            if Set(fast.keys) != keys { differences.append("\(path): keys \(Set(fast.keys).symmetricDifference(keys))") }
            for (key, value) in full {
                if let mine = fast["\(key)"] { compare(mine, value, at: "\(path)/\(key)", into: &differences) }
            }
        case (let fast as [Any], let full as [Any]):
            guard fast.count == full.count else { return differences.append("\(path): \(fast.count) items, not \(full.count)") }
            for (index, (mine, theirs)) in zip(fast, full).enumerated() { compare(mine, theirs, at: "\(path)/\(index)", into: &differences) }
        case (is String, is Date):
            break
        case (let fast as String, let full as String) where fast == full: break
        case (let fast as Int, let full as Int) where fast == full: break
        case (let fast as Double, let full as Double) where fast == full: break
        case (let fast as Bool, let full as Bool) where fast == full: break
        case (is NSNull, is NSNull): break
        default:
            differences.append("\(path): \(type(of: fast)) \(fast) ≠ \(type(of: full)) \(full)")
        }
    }

    @Test("If-None-Match: any listed tag, weak or strong, or *")
    func ifNoneMatch() {
        #expect(ETag.ifNoneMatch("\"a\"", matches: "\"a\""))
        #expect(ETag.ifNoneMatch("W/\"a\"", matches: "\"a\""))
        #expect(ETag.ifNoneMatch("\"x\", \"a\"", matches: "\"a\""))
        #expect(ETag.ifNoneMatch("*", matches: "\"a\""))
        #expect(!ETag.ifNoneMatch("\"b\"", matches: "\"a\""))
        #expect(!ETag.ifNoneMatch(nil, matches: "\"a\""))
    }

    @Test("cursors round-trip and belong to one list")
    func cursors() throws {
        let cursor = Cursor.encode(list: "listFindings", key: "whiteside-2004-cfs-treadmill")
        #expect(cursor.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        #expect(try Cursor.decode(cursor, list: "listFindings") == "whiteside-2004-cfs-treadmill")
        #expect(throws: ProblemError.self) { try Cursor.decode(cursor, list: "listConditions") }
        let page = try Page.slice(["a", "b", "c", "d"], list: "l", cursor: Cursor.encode(list: "l", key: "b"), limit: 1, sortKey: { $0 })
        #expect(page.items == ["c"])
        #expect(page.nextCursor.map { try? Cursor.decode($0, list: "l") } == "c")
    }
}
