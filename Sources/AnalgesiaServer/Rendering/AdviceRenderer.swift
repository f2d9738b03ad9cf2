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
    // The long parts are found by a summary of their short members and their texts' lengths
    // (`FragmentCache`); which members go in only changes how often different parts share a bucket.
    private let expectedResponses = FragmentCache<Components.Schemas.ExpectedResponse> {
        Hasher.summary(
            of: $0.exerciseType, $0.site, $0.response, $0.conditions.first?.condition, $0.conditions.last?.condition,
            $0.conditions.count, $0.rationale.utf8.count
        )
    }
    private let gradings = FragmentCache<Components.Schemas.Grading> {
        Hasher.summary(of: $0.decision, $0.rule, $0.reason.utf8.count, $0.note?.utf8.count)
    }
    private let recommendations = FragmentCache<Components.Schemas.Recommendation> {
        Hasher.summary(of: $0.rank, $0.guideline, $0.rule, $0.text.utf8.count, $0.note?.utf8.count)
    }
    private let hypotheses = FragmentCache<Components.Schemas.ResearchHypothesis> {
        Hasher.summary(of: $0.guideline, $0.rule, $0.medications, $0.text.utf8.count)
    }
    private let traces = FragmentCache<Components.Schemas.TraceEntry> {
        Hasher.summary(of: $0.rule, $0.fired, $0.reason.utf8.count)
    }

    func render(_ advice: Components.Schemas.Advice) -> ByteBuffer {
        var out = ByteBuffer()
        out.reserveCapacity(24 * 1024)
        Self.array("{\"cautions\":", advice.cautions, strings, into: &out)
        Self.array(",\"conditions\":", advice.conditions, conditions, into: &out)
        Self.member(",\"disclaimer\":", strings.json(advice.disclaimer), into: &out)
        Self.member(",\"dysfunctionScope\":", strings.json(advice.dysfunctionScope.rawValue), into: &out)
        Self.member(",\"dysfunctionalEA\":", Array((advice.dysfunctionalEA ? "true" : "false").utf8), into: &out)
        Self.array(",\"expectedResponses\":", advice.expectedResponses, expectedResponses, into: &out)
        Self.member(",\"grading\":", gradings.json(advice.grading), into: &out)
        Self.member(",\"knowledgeBaseVersion\":", strings.json(advice.knowledgeBaseVersion), into: &out)
        Self.array(",\"recommendations\":", advice.recommendations, recommendations, into: &out)
        Self.array(",\"researchHypotheses\":", advice.researchHypotheses, hypotheses, into: &out)
        Self.member(",\"ruleSetVersion\":", strings.json(advice.ruleSetVersion), into: &out)
        if let trace = advice.trace {
            Self.array(",\"trace\":", trace, traces, into: &out)
        }
        out.writeStaticString("}")
        return out
    }

    /// `key` (with its separator and colon), then `json`.
    private static func member(_ key: StaticString, _ json: [UInt8], into out: inout ByteBuffer) {
        out.writeStaticString(key)
        out.writeBytes(json)
    }

    /// `key` (with its separator and colon), then the array of `values`, each from `cache`.
    private static func array<Value>(_ key: StaticString, _ values: [Value], _ cache: FragmentCache<Value>, into out: inout ByteBuffer) {
        out.writeStaticString(key)
        out.writeStaticString("[")
        for (index, value) in values.enumerated() {
            if index > 0 { out.writeStaticString(",") }
            out.writeBytes(cache.json(value))
        }
        out.writeStaticString("]")
    }
}
