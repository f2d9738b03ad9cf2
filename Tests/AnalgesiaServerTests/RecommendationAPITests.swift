import AnalgesiaKnowledge
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import AnalgesiaServer

@Suite("POST /v1/recommendations")
struct RecommendationAPITests {
    static let json: HTTPFields = [.contentType: "application/json"]

    func post(
        _ client: some TestClientProtocol,
        _ body: String,
        headers: HTTPFields = json,
        explain: Bool = true
    ) async throws -> JSONResponse {
        try await client.call(.post, explain ? "/v1/recommendations?explain=true" : "/v1/recommendations", headers: headers, body: body)
    }

    @Test("the rule trace comes only with explain=true; the rest of the answer is the same")
    func traceOnRequest() async throws {
        try await withApp { client in
            let body = #"{"conditions":["fibromyalgia"],"phase":"grading"}"#
            let plain = try await post(client, body, explain: false)
            let explained = try await post(client, body, explain: true)
            #expect(plain.status == .ok && explained.status == .ok)
            #expect(plain["trace"] == nil)
            #expect((explained["trace"] as? [Any])?.count == RuleSet.current.rules.count)
            var without = explained.object
            without["trace"] = nil
            #expect(NSDictionary(dictionary: without) == NSDictionary(dictionary: plain.object))
            #expect(plain.text.utf8.count < explained.text.utf8.count * 4 / 5)
            let wrong = try await client.call(.post, "/v1/recommendations?explain=maybe", headers: Self.json, body: body)
            expectProblem(wrong, .badRequest, mentioning: "explain")
        }
    }

    @Test("coded conditions resolve; the advice carries version, disclaimer, expected responses, grading and a trace")
    func success() async throws {
        try await withApp { client in
            let response = try await post(
                client,
                #"{"conditions":["http://hl7.org/fhir/sid/icd-10-cm|M79.7","http://snomed.info/sct|203082005","http://hl7.org/fhir/sid/icd-10-cm|M17.11"],"painfulRegions":["widespread"],"phase":"initiation"}"#
            )
            #expect(response.status == .ok, "\(response.text)")
            #expect(response.headers[.knowledgeBaseVersion] == response["knowledgeBaseVersion"] as? String)
            #expect((response["disclaimer"] as? String)?.contains("Decision support for clinicians") == true)
            let conditions = try #require(response["conditions"] as? [[String: Any]])
            #expect(conditions.compactMap { $0["slug"] as? String } == ["fibromyalgia", "osteoarthritis"])
            #expect(conditions.allSatisfy { $0["matchedBy"] as? String == "code" })
            let expected = try #require(response["expectedResponses"] as? [[String: Any]])
            let isometric = expected.first { $0["exerciseType"] as? String == "isometric" && $0["site"] as? String == "any" }
            #expect(isometric?["response"] as? String == "hyperalgesia")
            #expect((isometric?["findings"] as? [String])?.contains("staud-2005-unilateral-isometric-30-mvc") == true)
            let grading = try #require(response["grading"] as? [String: Any])
            #expect(grading["decision"] as? String == "progress", "only a major flare or a rising pain trend stops grading")
            #expect((grading["locator"] as? [String: Any])?["id"] as? String == "practice/p6")
            let recommendations = try #require(response["recommendations"] as? [[String: Any]])
            #expect(recommendations.contains { $0["guideline"] as? String == "low-intensity-in-fibromyalgia" })
            for recommendation in recommendations {
                #expect((recommendation["rule"] as? String)?.isEmpty == false)
                #expect(["do", "avoid", "caution", "monitor", "consider"].contains(recommendation["action"] as? String ?? ""))
            }
            let trace = try #require(response["trace"] as? [[String: Any]])
            #expect(trace.count == RuleSet.current.rules.count)
            #expect(!response.text.contains("null"))
        }
    }

    @Test("the same request against the same knowledge gives byte-identical JSON")
    func byteIdentical() async throws {
        try await withApp { client in
            let body = #"{"conditions":["shoulder-myalgia","fibromyalgia"],"painfulRegions":["shoulder","neck"],"flare":"minor","phase":"grading"}"#
            let first = try await post(client, body)
            let second = try await post(client, body)
            let reordered = try await post(
                client,
                #"{"phase":"grading","flare":"minor","painfulRegions":["neck","shoulder"],"conditions":["fibromyalgia","shoulder-myalgia"]}"#
            )
            #expect(first.status == .ok)
            #expect(first.text == second.text)
            #expect((first["expectedResponses"] as? [[String: Any]])?.count == (reordered["expectedResponses"] as? [[String: Any]])?.count)
        }
    }

    @Test("the pre-rendered answer and the generated server's answer are the same bytes and headers")
    func renderedMatchesGenerated() async throws {
        try await withApp { client in
            let bodies = [
                #"{"conditions":["fibromyalgia"]}"#,
                #"{"conditions":["http://hl7.org/fhir/sid/icd-10-cm|M79.7","chronic-low-back-pain"],"painfulRegions":["widespread"],"phase":"grading","flare":"minor"}"#,
                #"{"conditions":["shoulder-myalgia"],"painTrend":"increasing","cognitiveEmotionalFactors":["catastrophizing"],"medications":["opioid"]}"#,
            ]
            // `Accept` with a second range is left to the generated handler; the plain request is
            // answered by `RenderedAdviceMiddleware`.
            let generated: HTTPFields = [.contentType: "application/json", .accept: "application/json, text/plain;q=0.5"]
            for body in bodies {
                for explain in [false, true] {
                    let rendered = try await post(client, body, explain: explain)
                    let reference = try await post(client, body, headers: generated, explain: explain)
                    #expect(rendered.status == .ok, "\(rendered.text)")
                    #expect(reference.status == .ok, "\(reference.text)")
                    #expect(rendered.text == reference.text, "\(body), explain \(explain)")
                    for name in [HTTPField.Name.contentType, .knowledgeBaseVersion, .contentLength] {
                        #expect(rendered.headers[name] == reference.headers[name], "\(name)")
                    }
                }
            }
        }
    }

    @Test("the pre-rendered path takes JSON bodies and JSON answers however the headers are cased or spaced, and nothing else")
    func renderedPathHeaders() {
        typealias RenderedAdviceMiddleware = AnalgesiaServer.RenderedAdviceMiddleware<AppRequestContext>
        for taken in ["application/json", "Application/JSON", " application/json ; charset=utf-8", "application/json\t;charset=UTF-8"] {
            #expect(RenderedAdviceMiddleware.isJSON(taken), "\(taken)")
        }
        for left in [nil, "", "text/plain", "application/json-patch+json", "application/jsonx", "application/merge-patch+json"] {
            #expect(!RenderedAdviceMiddleware.isJSON(left), "\(left ?? "nil")")
        }
        for taken in [nil, "*/*", " */* ", "Application/Json"] {
            #expect(RenderedAdviceMiddleware.acceptsJSON(taken), "\(taken ?? "nil")")
        }
        for left in ["", "text/html", "application/json, text/plain;q=0.5", "application/problem+json"] {
            #expect(!RenderedAdviceMiddleware.acceptsJSON(left), "\(left)")
        }
    }

    @Test("defaults: initiation, no flare, stable pain")
    func defaults() async throws {
        try await withApp { client in
            let response = try await post(client, #"{"conditions":["chronic-low-back-pain"]}"#)
            #expect(response.status == .ok)
            let trace = try #require(response["trace"] as? [[String: Any]])
            let flareRule = trace.first { $0["rule"] as? String == "R01-no-grading-in-major-flare" }
            #expect((flareRule?["reason"] as? String)?.contains("Flare is none") == true)
            #expect((response["grading"] as? [String: Any])?["decision"] as? String == "progress")
        }
    }

    @Test("an unknown condition or code is 422, naming it and suggesting the closest slugs")
    func unknownCondition() async throws {
        try await withApp { client in
            let typo = try await post(client, #"{"conditions":["fibromyalga"]}"#)
            expectProblem(typo, .unprocessableContent, mentioning: "fibromyalga")
            #expect(typo["suggestions"] as? [String] == ["fibromyalgia"])
            #expect((typo["invalidParams"] as? [[String: Any]])?.first?["name"] as? String == "conditions[0]")

            let synonym = try await post(client, #"{"conditions":["chronic-low-back-pain","CFS"]}"#)
            expectProblem(synonym, .unprocessableContent, mentioning: "conditions[1]")
            #expect((synonym["suggestions"] as? [String])?.first == "chronic-fatigue-syndrome")

            let code = try await post(client, #"{"conditions":["http://hl7.org/fhir/sid/icd-10-cm|J45.909"]}"#)
            expectProblem(code, .unprocessableContent, mentioning: "J45.909")

            let system = try await post(client, #"{"conditions":["http://loinc.org|1234-5"]}"#)
            expectProblem(system, .badRequest, mentioning: "http://loinc.org")
            #expect((system["invalidParams"] as? [[String: Any]])?.first?["allowed"] as? [String] != nil)
        }
    }

    @Test("validation failures name the field and the allowed values")
    func validation() async throws {
        try await withApp { client in
            expectProblem(try await post(client, #"{"conditions":[]}"#), .badRequest, mentioning: "at least 1")
            let many = (0..<21).map { _ in "\"fibromyalgia\"" }.joined(separator: ",")
            expectProblem(try await post(client, #"{"conditions":[\#(many)]}"#), .badRequest, mentioning: "at most 20")
            expectProblem(try await post(client, #"{"painfulRegions":["neck"]}"#), .badRequest, mentioning: "conditions")

            let phase = try await post(client, #"{"conditions":["fibromyalgia"],"phase":"later"}"#)
            expectProblem(phase, .badRequest, mentioning: "phase")
            #expect((phase["invalidParams"] as? [[String: Any]])?.first?["allowed"] as? [String] == ["initiation", "established", "grading"])

            let region = try await post(client, #"{"conditions":["fibromyalgia"],"painfulRegions":["neck","elbow"]}"#)
            expectProblem(region, .badRequest, mentioning: "painfulRegions[1]")
            #expect(((region["invalidParams"] as? [[String: Any]])?.first?["allowed"] as? [String])?.contains("widespread") == true)

            expectProblem(try await post(client, #"{"conditions":"fibromyalgia"}"#), .badRequest, mentioning: "an array")
            expectProblem(try await post(client, #"{"conditions":[42]}"#), .badRequest, mentioning: "a string")
            // The contract declares no field nullable: leave an optional field out rather than send null.
            expectProblem(try await post(client, #"{"conditions":["fibromyalgia"],"flare":null}"#), .badRequest, mentioning: "flare")
            expectProblem(try await post(client, #"{"conditions":null}"#), .badRequest, mentioning: "conditions")
            expectProblem(try await post(client, #"{"conditions":["fibromyalgia"],"colour":"red"}"#), .badRequest, mentioning: "colour")
            expectProblem(try await post(client, #"{"conditions":["fibromyalgia""#), .badRequest, mentioning: "not valid JSON")
            expectProblem(try await post(client, "[]"), .badRequest)
            expectProblem(try await post(client, #"{"conditions":["x"]}"#), .badRequest, mentioning: "at least 2 characters")
        }
    }

    @Test("wrong content type is 415, an oversized body 413, a wrong method 405")
    func transportErrors() async throws {
        try await withApp { client in
            let text = try await post(client, "conditions=fibromyalgia", headers: [.contentType: "text/plain"])
            #expect(text.status == .unsupportedMediaType)
            #expect(text.isProblem)
            let padding = String(repeating: " ", count: 70 * 1024)
            let large = try await post(client, #"{"conditions":["fibromyalgia"]\#(padding)}"#)
            expectProblem(large, .contentTooLarge, mentioning: "65536")
            let get = try await client.call(.get, "/v1/recommendations")
            expectProblem(get, .methodNotAllowed)
            #expect(get.headers[.allow] == "POST")
        }
    }
}
