import AnalgesiaKnowledge
import Foundation
import NIOCore
import Testing

@testable import AnalgesiaServer

@Suite("Advice renderer")
struct AdviceRendererTests {
    @Test("the rendered answer is byte for byte the generated encoder's for every generated profile, with and without the trace, first and remembered")
    func identical() async throws {
        let served = try await seededKnowledge().1
        let slugs = served.knowledge.conditions.map(\.slug).sorted()
        let profiles = AdviceMemoTests.profiles(slugs)
        let renderer = AdviceRenderer()
        for (index, profile) in profiles.enumerated() {
            // Conditions as callers write them: slugs, and codes (whose slashes stay unescaped).
            let inputs = profile.conditionSlugs.map { slug in
                index % 2 == 0 ? slug : (served.knowledge.condition(slug)?.codes.first(where: { $0.match == .exact }).map { "\($0.system.rawValue)|\($0.code)" } ?? slug)
            }
            let resolved = served.knowledge.resolve(inputs).conditions
            #expect(resolved.count == inputs.count, "\(inputs)")
            let advice = served.engine.advise(profile)
            for explain in [index % 3 == 0, index % 3 != 0] {
                let wire = APIHandler.represent(advice, conditions: resolved, explain: explain)
                let expected = Array(APIJSON.encode(wire))
                #expect(Array(buffer: renderer.render(wire)) == expected, "\(inputs), explain \(explain)")
                #expect(Array(buffer: renderer.render(wire)) == expected, "remembered: \(inputs), explain \(explain)")
            }
        }
    }

    @Test("a full fragment cache still encodes new values, correctly, without remembering them")
    func bounded() {
        let cache = FragmentCache<String>(capacity: 2)
        for value in ["a", "b/c", "d\"e", "a"] {
            #expect(cache.json(value) == Array(APIJSON.encode(value)))
        }
        #expect(cache.count == 2)
        let budget = FragmentCache<String>(byteBudget: 8)
        #expect(budget.json("0123456789") == Array(#""0123456789""#.utf8))
        #expect(budget.count == 0)
    }

    @Test("values that share a summary are still told apart: each gets its own JSON")
    func sharedSummary() {
        let cache = FragmentCache<String>(summary: { _ in 0 })
        for value in ["a", "b", "a", "ab", "b"] {
            #expect(cache.json(value) == Array(APIJSON.encode(value)), "\(value)")
        }
        #expect(cache.count == 3)
    }
}
