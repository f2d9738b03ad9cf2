import AnalgesiaAPI
import NIOCore

/// Writes the recommendation answer (`Components.Schemas.Advice`) byte for byte as the generated
/// server's JSONEncoder would, from parts encoded once per knowledge snapshot (`FragmentCache`).
///
/// Encoding the ~20 KB answer with JSONEncoder was the largest single cost of a recommendation
/// for a profile the response cache has not seen (bench/README.md). The answer's members are
/// written here in the order `.sortedKeys` gives them (byte order of the keys); each array element
/// and each string is the API's JSON of that value. `AdviceRendererTests` holds the rendering equal
/// to `APIJSON.encode` of the same value for every profile of a generated set, with and without
/// the trace, so a member added to the schema and not here fails the tests.
struct AdviceRenderer: Sendable {
    private let strings = FragmentCache<String>()
    private let conditions = FragmentCache<Components.Schemas.ResolvedCondition>()
    private let expectedResponses = FragmentCache<Components.Schemas.ExpectedResponse>()
    private let gradings = FragmentCache<Components.Schemas.Grading>()
    private let recommendations = FragmentCache<Components.Schemas.Recommendation>()
    private let hypotheses = FragmentCache<Components.Schemas.ResearchHypothesis>()
    private let traces = FragmentCache<Components.Schemas.TraceEntry>()

    func render(_ advice: Components.Schemas.Advice) -> ByteBuffer {
        var out = ByteBuffer()
        out.reserveCapacity(24 * 1024)
        out.writeStaticString("{\"cautions\":")
        Self.array(advice.cautions, strings, into: &out)
        out.writeStaticString(",\"conditions\":")
        Self.array(advice.conditions, conditions, into: &out)
        out.writeStaticString(",\"disclaimer\":")
        out.writeBytes(strings.json(advice.disclaimer))
        out.writeStaticString(",\"dysfunctionScope\":")
        out.writeBytes(strings.json(advice.dysfunctionScope.rawValue))
        out.writeStaticString(",\"dysfunctionalEA\":")
        if advice.dysfunctionalEA { out.writeStaticString("true") } else { out.writeStaticString("false") }
        out.writeStaticString(",\"expectedResponses\":")
        Self.array(advice.expectedResponses, expectedResponses, into: &out)
        out.writeStaticString(",\"grading\":")
        out.writeBytes(gradings.json(advice.grading))
        out.writeStaticString(",\"knowledgeBaseVersion\":")
        out.writeBytes(strings.json(advice.knowledgeBaseVersion))
        out.writeStaticString(",\"recommendations\":")
        Self.array(advice.recommendations, recommendations, into: &out)
        out.writeStaticString(",\"researchHypotheses\":")
        Self.array(advice.researchHypotheses, hypotheses, into: &out)
        out.writeStaticString(",\"ruleSetVersion\":")
        out.writeBytes(strings.json(advice.ruleSetVersion))
        if let trace = advice.trace {
            out.writeStaticString(",\"trace\":")
            Self.array(trace, traces, into: &out)
        }
        out.writeStaticString("}")
        return out
    }

    private static func array<Value>(_ values: [Value], _ cache: FragmentCache<Value>, into out: inout ByteBuffer) {
        out.writeStaticString("[")
        for (index, value) in values.enumerated() {
            if index > 0 { out.writeStaticString(",") }
            out.writeBytes(cache.json(value))
        }
        out.writeStaticString("]")
    }
}
