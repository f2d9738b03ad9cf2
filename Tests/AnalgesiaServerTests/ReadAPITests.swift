import AnalgesiaKnowledge
import Foundation
import GRDB
import HTTPTypes
import HummingbirdTesting
import Logging
import Testing

@testable import AnalgesiaServer

@Suite("Read API")
struct ReadAPITests {
    // MARK: Health and contract

    @Test("liveness, readiness and the contract answer")
    func health() async throws {
        try await withApp { client in
            let live = try await client.call(.get, "/health/live")
            #expect(live.status == .ok)
            #expect(live["status"] as? String == "ok")

            let ready = try await client.call(.get, "/health/ready")
            #expect(ready.status == .ok)
            #expect(ready["status"] as? String == "ready")
            #expect((ready["knowledgeBaseVersion"] as? String)?.hasPrefix("2.0.1+") == true)

            let contract = try await client.call(.get, "/openapi.yaml")
            #expect(contract.status == .ok)
            #expect(contract.contentType.hasPrefix("application/yaml"))
            #expect(contract.text.hasPrefix("openapi: 3.1.0"))
        }
    }

    @Test("the knowledge base reports its version, hash and counts, and the header matches")
    func knowledgeBase() async throws {
        try await withApp { client in
            let response = try await client.call(.get, "/v1/knowledge-base")
            #expect(response.status == .ok)
            let version = try #require(response["version"] as? String)
            #expect(response.headers[.knowledgeBaseVersion] == version)
            #expect(version.range(of: #"^2\.0\.1\+[0-9a-f]{12}$"#, options: .regularExpression) != nil)
            #expect((response["contentHash"] as? String)?.hasPrefix("sha256:") == true)
            let counts = try #require(response["counts"] as? [String: Int])
            #expect(counts == ["conditions": 8, "mechanisms": 17, "findings": 61, "guidelines": 21])
        }
    }

    // MARK: Conditions

    @Test("a condition carries its codes, EA profile, findings, guidelines and source")
    func condition() async throws {
        try await withApp { client in
            let response = try await client.call(.get, "/v1/conditions/shoulder-myalgia")
            #expect(response.status == .ok)
            #expect(response.headers[.eTag]?.hasPrefix("\"") == true)
            #expect(response.headers[.knowledgeBaseVersion]?.hasPrefix("2.0.1+") == true)
            let profile = try #require(response["eaProfile"] as? [[String: Any]])
            #expect(profile.count == 15)
            let painful = profile.first { $0["exerciseType"] as? String == "isometric" && $0["site"] as? String == "painful-region" }
            let nonPainful = profile.first { $0["exerciseType"] as? String == "isometric" && $0["site"] as? String == "non-painful-region" }
            #expect(painful?["response"] as? String == "no-change")
            #expect(nonPainful?["response"] as? String == "hypoalgesia")
            #expect((nonPainful?["findings"] as? [String])?.contains("lannersten-2010-static-contraction-myalgia-fibromyalgia") == true)
            #expect((response["guidelines"] as? [String])?.contains("exercise-non-painful-muscles-in-local-myalgia") == true)
            let source = try #require(response["source"] as? [String: Any])
            #expect(source["doi"] as? String == "10.36076/ppj.2012/15/es205")
            #expect((response["links"] as? [String: String])?["self"] == "/v1/conditions/shoulder-myalgia")
            // Optional fields are left out rather than null.
            #expect(!response.text.contains("null"))
        }
    }

    @Test("unknown and malformed condition slugs")
    func conditionErrors() async throws {
        try await withApp { client in
            let unknown = try await client.call(.get, "/v1/conditions/fibromyalgiaa")
            expectProblem(unknown, .notFound, mentioning: "fibromyalgiaa")
            #expect(unknown["suggestions"] as? [String] == ["fibromyalgia"])
            expectProblem(try await client.call(.get, "/v1/conditions/Not%20A%20Slug"), .badRequest, mentioning: "slug")
        }
    }

    @Test("conditions by code: SNOMED CT exact, ICD-10 by prefix, with or without dots")
    func codeLookup() async throws {
        try await withApp { client in
            func slugs(_ token: String) async throws -> [String] {
                let encoded = token.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? token
                let response = try await client.call(.get, "/v1/conditions?code=\(encoded)")
                #expect(response.status == .ok, "\(token): \(response.text)")
                return response.data.compactMap { $0["slug"] as? String }
            }
            #expect(try await slugs("http://hl7.org/fhir/sid/icd-10-cm|M17.11") == ["osteoarthritis"])
            #expect(try await slugs("http://hl7.org/fhir/sid/icd-10-cm|m1711") == ["osteoarthritis"])
            #expect(try await slugs("http://hl7.org/fhir/sid/icd-10-cm|M16.0") == ["osteoarthritis"])
            #expect(try await slugs("http://hl7.org/fhir/sid/icd-10-cm|M79.7") == ["fibromyalgia"])
            #expect(try await slugs("http://hl7.org/fhir/sid/icd-10-cm|G93.32") == ["chronic-fatigue-syndrome"])
            #expect(try await slugs("http://hl7.org/fhir/sid/icd-10-cm|M05.79") == ["rheumatoid-arthritis"])
            #expect(try await slugs("http://hl7.org/fhir/sid/icd-10-cm|M54.50") == ["chronic-low-back-pain"])
            #expect(try await slugs("http://hl7.org/fhir/sid/icd-10-cm|M54.2") == ["chronic-neck-pain"])
            #expect(try await slugs("http://hl7.org/fhir/sid/icd-10-cm|S13.4XXS") == ["chronic-whiplash-associated-disorders"])
            #expect(try await slugs("http://hl7.org/fhir/sid/icd-10-cm|S13.4XXA") == [], "an acute initial encounter maps to no chronic condition")
            #expect(try await slugs("http://hl7.org/fhir/sid/icd-10-cm|M06.1") == [], "adult-onset Still's disease is not rheumatoid arthritis")
            #expect(try await slugs("http://hl7.org/fhir/sid/icd-10-cm|M79.12") == ["shoulder-myalgia"])
            #expect(try await slugs("http://snomed.info/sct|203082005") == ["fibromyalgia"])
            #expect(try await slugs("http://snomed.info/sct|52702003") == ["chronic-fatigue-syndrome"])
            #expect(try await slugs("http://snomed.info/sct|2030820") == [], "SNOMED CT matches exactly")
            #expect(try await slugs("http://hl7.org/fhir/sid/icd-10-cm|J45.909") == [])

            let system = try await client.call(.get, "/v1/conditions?code=http://loinc.org%7C1234-5")
            expectProblem(system, .badRequest, mentioning: "http://loinc.org")
            #expect(
                (system["invalidParams"] as? [[String: Any]])?.first?["allowed"] as? [String] == [
                    "http://snomed.info/sct", "http://hl7.org/fhir/sid/icd-10-cm", "http://hl7.org/fhir/sid/icd-10",
                ]
            )
            expectProblem(try await client.call(.get, "/v1/conditions?code=M17.11"), .badRequest, mentioning: "code")
        }
    }

    // MARK: Mechanisms, findings, guidelines

    @Test("mechanisms carry verdicts and their findings; the verdict filter works")
    func mechanisms() async throws {
        try await withApp { client in
            let nitric = try await client.call(.get, "/v1/mechanisms/nitric-oxide")
            #expect(nitric["verdict"] as? String == "not-supported")
            let links = try #require(nitric["findings"] as? [[String: String]])
            #expect(links.contains { $0["id"] == "nitric-oxide-unrelated-to-exercise-pain-processing" && $0["relation"] == "argues-against" })

            let inconclusive = try await client.call(.get, "/v1/mechanisms?verdict=inconclusive")
            #expect(inconclusive.data.compactMap { $0["slug"] as? String } == ["serotonergic-pathways"])
            expectProblem(try await client.call(.get, "/v1/mechanisms/no-such-thing"), .notFound)
            expectProblem(try await client.call(.get, "/v1/mechanisms?verdict=proven"), .badRequest, mentioning: "supported")
        }
    }

    @Test("a finding carries protocol, results per population, references with citations, and links")
    func finding() async throws {
        try await withApp { client in
            let response = try await client.call(.get, "/v1/findings/lannersten-2010-static-contraction-myalgia-fibromyalgia")
            #expect(response.status == .ok)
            let exercise = try #require(response["exercise"] as? [String: Any])
            #expect(exercise["type"] as? String == "isometric")
            #expect(exercise["muscles"] as? [String] == ["quadriceps femoris", "infraspinatus"])
            #expect(exercise["intensity"] as? String == "20-25% of maximal voluntary contraction (MVC)")
            let results = try #require(response["results"] as? [[String: Any]])
            #expect(results.count == 4)
            let healthy = results.first { ($0["population"] as? [String: Any])?["slug"] as? String == "healthy-pain-free" }
            #expect((healthy?["population"] as? [String: Any])?["isReference"] as? Bool == true)
            let references = try #require(response["references"] as? [[String: Any]])
            #expect(references.first?["number"] as? Int == 39)
            #expect((references.first?["citation"] as? [String: Any])?["doi"] as? String == "10.1016/j.pain.2010.06.021")
            #expect(Set(response["conditions"] as? [String] ?? []) == ["fibromyalgia", "shoulder-myalgia"])
            #expect((response["guidelines"] as? [String])?.contains("exercise-non-painful-body-parts") == true)

            let pilot = try await client.call(.get, "/v1/findings/rheumatoid-arthritis-pilot-static-contraction")
            #expect(pilot["evidenceStatus"] as? String == "pilot")
            #expect(pilot["namedAuthors"] as? String == "Friden et al")
            expectProblem(try await client.call(.get, "/v1/findings/no-such-finding"), .notFound, mentioning: "no-such-finding")
        }
    }

    @Test("findings filter by condition, exercise type, response, mechanism and evidence status")
    func findingFilters() async throws {
        try await withApp { client in
            func ids(_ query: String) async throws -> Set<String> {
                let response = try await client.call(.get, "/v1/findings?limit=100&\(query)")
                #expect(response.status == .ok, "\(query): \(response.text)")
                return Set(response.data.compactMap { $0["id"] as? String })
            }
            let fibromyalgiaIsometric = try await ids("condition=fibromyalgia&exerciseType=isometric&response=hyperalgesia")
            #expect(fibromyalgiaIsometric.contains("staud-2005-unilateral-isometric-30-mvc"))
            #expect(fibromyalgiaIsometric.contains("lannersten-2010-static-contraction-myalgia-fibromyalgia"))
            #expect(!fibromyalgiaIsometric.contains("whiteside-2004-cfs-treadmill"))
            #expect(
                try await ids("condition=chronic-low-back-pain&response=hypoalgesia")
                    .isSuperset(of: ["hoffman-2005-clbp-aerobic", "meeus-2010-interval-cycling-cfs-clbp"])
            )
            #expect(try await ids("evidenceStatus=stopped-early") == ["meeus-2011-citalopram-trial-stopped"])
            #expect(try await ids("evidenceStatus=in-preparation") == ["osteoarthritis-preliminary-static-contraction"])
            #expect(try await ids("mechanism=nitric-oxide").contains("nitric-oxide-unrelated-to-exercise-pain-processing"))

            let unknown = try await client.call(.get, "/v1/findings?condition=fibro")
            expectProblem(unknown, .badRequest, mentioning: "fibro")
            #expect(unknown["suggestions"] as? [String] == ["fibromyalgia"])
            expectProblem(try await client.call(.get, "/v1/findings?mechanism=opioids"), .badRequest, mentioning: "opioids")
            expectProblem(try await client.call(.get, "/v1/findings?exerciseType=yoga"), .badRequest, mentioning: "aerobic")
        }
    }

    @Test("guidelines: Table 1 first in table order; filter by condition and kind")
    func guidelines() async throws {
        try await withApp { client in
            let all = try await client.call(.get, "/v1/guidelines?limit=100")
            let slugs = all.data.compactMap { $0["slug"] as? String }
            #expect(slugs.count == 21)
            #expect(Array(slugs.prefix(12)) == KnowledgeInventoryTests.tableOne)

            let fibromyalgia = try await client.call(.get, "/v1/guidelines?condition=fibromyalgia&kind=practice&limit=100")
            let forFibromyalgia = Set(fibromyalgia.data.compactMap { $0["slug"] as? String })
            #expect(forFibromyalgia.isSuperset(of: ["low-intensity-in-fibromyalgia", "no-grading-on-major-flare"]))
            #expect(!forFibromyalgia.contains("exercise-non-painful-muscles-in-local-myalgia"))
            #expect(!forFibromyalgia.contains("research-snri-with-graded-exercise"))

            let one = try await client.call(.get, "/v1/guidelines/no-grading-on-major-flare")
            #expect(one["tablePosition"] as? Int == 12)
            #expect((one["references"] as? [Int])?.isEmpty == false)
            expectProblem(try await client.call(.get, "/v1/guidelines/no-grading"), .notFound, mentioning: "no-grading")
        }
    }

    // MARK: Pagination

    @Test("cursor pagination walks every finding once, in a stable order, with next links")
    func pagination() async throws {
        try await withApp { client in
            var seen: [String] = []
            var next: String? = "/v1/findings?limit=7"
            var pages = 0
            while let uri = next {
                let page = try await client.call(.get, uri)
                #expect(page.status == .ok)
                #expect(page.data.count <= 7)
                seen += page.data.compactMap { $0["id"] as? String }
                next = (page["links"] as? [String: String])?["next"]
                pages += 1
                if pages > 20 { break }
            }
            #expect(pages == 9)
            #expect(seen.count == 61)
            #expect(seen == seen.sorted())
            #expect(Set(seen).count == 61)
        }
    }

    @Test("bad paging input is refused with a problem naming the parameter")
    func badPaging() async throws {
        try await withApp { client in
            expectProblem(try await client.call(.get, "/v1/findings?limit=-1"), .badRequest, mentioning: "limit")
            expectProblem(try await client.call(.get, "/v1/findings?limit=100000"), .badRequest, mentioning: "1 to 100")
            expectProblem(try await client.call(.get, "/v1/findings?limit=ten"), .badRequest, mentioning: "integer")
            expectProblem(try await client.call(.get, "/v1/findings?cursor=junk"), .badRequest, mentioning: "cursor")
            expectProblem(try await client.call(.get, "/v1/findings?cursor=%24%24%24"), .badRequest, mentioning: "cursor")
            // A cursor from another list is refused too.
            let conditions = try await client.call(.get, "/v1/conditions?limit=1")
            let cursor = try #require((conditions["page"] as? [String: Any])?["nextCursor"] as? String)
            expectProblem(try await client.call(.get, "/v1/findings?cursor=\(cursor)"), .badRequest, mentioning: "cursor")
            expectProblem(try await client.call(.get, "/v1/findings?limit=1&limit=2"), .badRequest, mentioning: "2 times")
        }
    }

    // MARK: Search

    @Test("full-text search ranks across kinds and marks matches in snippets")
    func search() async throws {
        try await withApp { client in
            let response = try await client.call(.get, "/v1/search?q=isometric%20fibromyalgia")
            #expect(response.status == .ok)
            #expect(response.headers[.knowledgeBaseVersion]?.hasPrefix("2.0.1+") == true)
            let hits = response.data
            #expect(hits.first?["id"] as? String == "staud-2005-unilateral-isometric-30-mvc")
            #expect((hits.first?["snippet"] as? String)?.contains("<mark>") == true)
            let scores = hits.compactMap { $0["score"] as? Double }
            #expect(scores == scores.sorted(by: >))

            let stemmed = try await client.call(.get, "/v1/search?q=whiplash&kind=condition")
            #expect(stemmed.data.compactMap { $0["id"] as? String } == ["chronic-whiplash-associated-disorders"])

            let prefix = try await client.call(.get, "/v1/search?q=citalo")
            #expect(prefix.data.contains { $0["id"] as? String == "meeus-2011-citalopram-trial-stopped" })

            // FTS5 syntax in user input is treated as words, never as an error.
            let operators = try await client.call(.get, "/v1/search?q=%22opioid%22%20OR%20NEAR(x)%20*")
            #expect(operators.status == .ok)
        }
    }

    @Test("search pages with a cursor and rejects bad input")
    func searchErrors() async throws {
        try await withApp { client in
            let first = try await client.call(.get, "/v1/search?q=exercise&limit=5")
            let next = try #require((first["links"] as? [String: String])?["next"])
            let second = try await client.call(.get, next)
            let firstIDs = first.data.compactMap { $0["id"] as? String }
            let secondIDs = second.data.compactMap { $0["id"] as? String }
            #expect(secondIDs.count == 5)
            #expect(Set(firstIDs).isDisjoint(with: secondIDs))

            let long = String(repeating: "a", count: 10_000)
            let tooLong = try await client.call(.get, "/v1/search?q=\(long)")
            expectProblem(tooLong, .badRequest, mentioning: "at most 200")
            #expect(tooLong.text.count < 2_000, "the problem must not echo the whole input")
            expectProblem(try await client.call(.get, "/v1/search"), .badRequest, mentioning: "required")
            expectProblem(try await client.call(.get, "/v1/search?q="), .badRequest, mentioning: "q")
            expectProblem(try await client.call(.get, "/v1/search?q=%21%21%21"), .badRequest, mentioning: "letter or digit")
            expectProblem(try await client.call(.get, "/v1/search?q=pain&kind=study"), .badRequest, mentioning: "finding")
        }
    }

    // MARK: HTTP semantics

    @Test("every GET has a strong ETag and If-None-Match answers 304 with the version")
    func conditionalRequests() async throws {
        try await withApp { client in
            for uri in [
                "/v1/knowledge-base", "/v1/conditions", "/v1/conditions/fibromyalgia", "/v1/mechanisms",
                "/v1/mechanisms/endogenous-opioids", "/v1/findings?condition=fibromyalgia",
                "/v1/findings/whiteside-2004-cfs-treadmill", "/v1/guidelines", "/v1/guidelines/conservative-baseline",
                "/v1/search?q=opioid",
            ] {
                let first = try await client.call(.get, uri)
                let etag = try #require(first.headers[.eTag], Comment(rawValue: "\(uri) has no ETag"))
                #expect(etag.hasPrefix("\"") && etag.hasSuffix("\"") && !etag.hasPrefix("W/"), "\(uri): \(etag)")
                let again = try await client.call(.get, uri)
                #expect(again.headers[.eTag] == etag, "\(uri) ETag is not stable")

                let cached = try await client.call(.get, uri, headers: [.ifNoneMatch: "\"other\", \(etag)"])
                #expect(cached.status == .notModified, "\(uri)")
                #expect(cached.text.isEmpty)
                #expect(cached.headers[.knowledgeBaseVersion] == first.headers[.knowledgeBaseVersion])

                let stale = try await client.call(.get, uri, headers: [.ifNoneMatch: "\"stale\""])
                #expect(stale.status == .ok, "\(uri)")
            }
        }
    }

    @Test("wrong method: 405 with Allow; HEAD and OPTIONS work")
    func methods() async throws {
        try await withApp { client in
            let post = try await client.call(.post, "/v1/search", body: "{}")
            expectProblem(post, .methodNotAllowed, mentioning: "POST")
            #expect(post.headers[.allow] == "GET, HEAD")
            expectProblem(try await client.call(.delete, "/v1/knowledge-base"), .methodNotAllowed)

            let head = try await client.call(.head, "/v1/conditions/fibromyalgia")
            #expect(head.status == .ok)
            #expect(head.text.isEmpty)
            #expect(head.headers[.eTag] != nil)

            let options = try await client.call(.options, "/v1/findings")
            #expect(options.status == .noContent)
            #expect(options.headers[.allow] == "GET, HEAD, OPTIONS, POST")
        }
    }

    @Test("unknown paths and parameters get problem+json, never HTML or a stack trace")
    func unknowns() async throws {
        try await withApp { client in
            let missing = try await client.call(.get, "/v2/conditions")
            expectProblem(missing, .notFound, mentioning: "/v2/conditions")
            let unknown = try await client.call(.get, "/v1/conditions?color=blue")
            expectProblem(unknown, .badRequest, mentioning: "color")
            #expect((unknown["invalidParams"] as? [[String: Any]])?.first?["allowed"] as? [String] == ["code", "limit", "cursor"])
            expectProblem(try await client.call(.get, "/health/live?verbose=1"), .badRequest, mentioning: "no query parameters")
            let longTag = String(repeating: "x", count: 2_000)
            expectProblem(
                try await client.call(.get, "/v1/conditions", headers: [.ifNoneMatch: longTag]),
                .badRequest,
                mentioning: "If-None-Match"
            )
            let echoed = try await client.call(.get, "/v1/conditions/nope", headers: [.requestID: "trace-123"])
            #expect(echoed.headers[.requestID] == "trace-123")
            #expect(echoed["requestId"] as? String == "trace-123")
        }
    }

    // MARK: Snapshot refresh

    @Test("a change in the store reaches readers with a new version once the store refreshes")
    func snapshotSwap() async throws {
        let database = try await TestStore.make(migrated: true)
        let store = KnowledgeStore(repository: database.persistence.knowledge, logger: quietLogger)
        let before = try await store.refresh()
        try await database.execute("UPDATE condition SET name = 'Fibromyalgia syndrome' WHERE slug = 'fibromyalgia'")
        #expect(store.current?.version == before.version, "readers keep the old snapshot until a refresh")
        let after = try await store.refresh()
        #expect(after.version != before.version)
        #expect(after.stamp.revision == before.stamp.revision + 1)
        #expect(after.knowledge.condition("fibromyalgia")?.name == "Fibromyalgia syndrome")
        #expect(after.conditions["fibromyalgia"]?.etag != before.conditions["fibromyalgia"]?.etag)
        #expect(after.conditions["osteoarthritis"]?.etag == before.conditions["osteoarthritis"]?.etag)
        let unchanged = try await store.refresh()
        #expect(unchanged.version == after.version)
    }
}

@Suite("Hardening")
struct HardeningTests {
    @Test("every answer says nosniff and how it may be cached; patient advice and errors are never stored")
    func headers() async throws {
        try await withApp { client in
            let item = try await client.call(.get, "/v1/conditions/fibromyalgia")
            #expect(item.headers[.xContentTypeOptions] == "nosniff")
            #expect(item.headers[.cacheControl] == "no-cache")
            #expect(item.headers[HTTPField.Name("Server")!] == nil)
            let advice = try await client.call(
                .post,
                "/v1/recommendations",
                headers: [.contentType: "application/json"],
                body: #"{"conditions":["fibromyalgia"]}"#
            )
            #expect(advice.headers[.cacheControl] == "no-store")
            let missing = try await client.call(.get, "/v1/conditions/migraine")
            #expect(missing.headers[.cacheControl] == "no-store")
            #expect(missing.headers[.xContentTypeOptions] == "nosniff")
            #expect(try await client.call(.get, "/openapi.yaml").headers[.cacheControl] == "public, max-age=300")
        }
    }

    @Test("a client over its rate gets 429 with Retry-After; health checks are never limited; made-up keys do not dodge it")
    func rateLimit() async throws {
        let (store, tokens) = try await keyedStore()
        try await withApp(
            store: store,
            configure: {
                $0.rateRequestsPerSecond = 0.01
                $0.rateBurst = 3
            }
        ) { client in
            for _ in 0..<3 { #expect(try await client.call(.get, "/v1/knowledge-base").status == .ok) }
            let limited = try await client.call(.get, "/v1/knowledge-base")
            expectProblem(limited, .tooManyRequests, mentioning: "Retry-After")
            #expect(Int(limited.headers[.retryAfter] ?? "") ?? 0 >= 1)
            #expect(try await client.call(.get, "/health/live").status == .ok)
            // A made-up key is no new client: it counts against the same address, which is spent.
            let madeUp = try await client.call(.get, "/v1/knowledge-base", headers: bearer("eak_madeup"))
            expectProblem(madeUp, .tooManyRequests)
            // A real key is a client of its own, with its own bucket.
            #expect(try await client.call(.get, "/v1/knowledge-base", headers: bearer(tokens.reader)).status == .ok)
        }
    }

    @Test("buckets refill at the configured rate")
    func refill() {
        let limiter = RateLimiter(requestsPerSecond: 2, burst: 2)
        let start = ContinuousClock.now
        #expect(limiter.take("a", now: start) == nil)
        #expect(limiter.take("a", now: start) == nil)
        let wait = limiter.take("a", now: start)
        #expect(wait != nil && wait! > 0.4 && wait! <= 0.5)
        #expect(limiter.take("b", now: start) == nil)
        #expect(limiter.take("a", now: start.advanced(by: .milliseconds(600))) == nil)
    }
}
