import AnalgesiaAPI
import AnalgesiaKnowledge
import Testing

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
