import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import Testing

@testable import AnalgesiaServer

/// Keys of each role.
struct Tokens {
    var reader: String
    var curator: String
    var admin: String
}

/// Keys of each role in a fresh, migrated store of this run's backend.
func keyedStore(_ given: TestStore? = nil) async throws -> (TestStore, Tokens) {
    var store: TestStore
    if let given { store = given } else { store = try await TestStore.make(migrated: true) }
    try await store.persistence.migrate()
    let keys = APIKeyStore(repository: store.persistence.keys)
    let tokens = Tokens(
        reader: try await keys.create(name: "reader", role: .reader).token,
        curator: try await keys.create(name: "curator", role: .curator).token,
        admin: try await keys.create(name: "admin", role: .admin).token
    )
    return (store, tokens)
}

func bearer(_ token: String, _ extra: HTTPFields = [:]) -> HTTPFields {
    var fields = extra
    fields[.authorization] = "Bearer \(token)"
    return fields
}

func json(_ token: String, ifMatch: String? = nil, contentType: String = "application/json") -> HTTPFields {
    var fields = bearer(token)
    fields[.contentType] = contentType
    if let ifMatch { fields[.ifMatch] = ifMatch }
    return fields
}

let newMechanism =
    #"{"slug":"test-mechanism","name":"A test mechanism","summary":"Proposed for testing.","verdict":"hypothesized","verdictRationale":"Nothing tested it yet.","locator":"biology/p6","basis":"hypothesis"}"#

let newFinding = #"""
    {"id":"pilot-test-finding","title":"A pilot finding","summary":"Unpublished pilot data, for testing.",
     "evidenceStatus":"pilot","studyDesign":"Pilot study","conditions":["fibromyalgia"],
     "locator":"muscle-contraction/p4","basis":"pilot",
     "mechanisms":[{"slug":"test-mechanism","relation":"supports"}],
     "results":[{"population":"fibromyalgia-patients","site":"any","response":"hyperalgesia","outcome":"Pain rose after exercise."}],
     "exercise":{"type":"aerobic","muscles":["quadriceps"]},"references":[12]}
    """#

@Suite("Curated writes")
struct CurationTests {
    @Test("a curator creates, replaces, patches and deletes; every step is versioned, audited and served")
    func lifecycle() async throws {
        let (store, tokens) = try await keyedStore()
        try await withApp(store: store) { client in
            let before = try await client.call(.get, "/v1/knowledge-base")
            let firstVersion = try #require(before.headers[.knowledgeBaseVersion])

            let created = try await client.call(.post, "/v1/mechanisms", headers: json(tokens.curator), body: newMechanism)
            #expect(created.status == .created, "\(created.text)")
            #expect(created.headers[.location] == "/v1/mechanisms/test-mechanism")
            #expect(created["version"] as? Int == 1)
            let etag1 = try #require(created.headers[.eTag])
            #expect(etag1.hasPrefix("\"1-"))
            let afterCreate = try #require(created.headers[.knowledgeBaseVersion])
            #expect(afterCreate != firstVersion)
            #expect(afterCreate.hasPrefix("2.0.2+"), "a curated write moves the patch number of release 2.0.1")

            // Served at once, with the same ETag, and searchable.
            let read = try await client.call(.get, "/v1/mechanisms/test-mechanism")
            #expect(read.status == .ok)
            #expect(read.headers[.eTag] == etag1)
            #expect(read.headers[.knowledgeBaseVersion] == afterCreate)
            let search = try await client.call(.get, "/v1/search?q=test%20mechanism")
            #expect(search.data.contains { $0["id"] as? String == "test-mechanism" })

            // A finding that links it shows up on both sides.
            let finding = try await client.call(.post, "/v1/findings", headers: json(tokens.curator), body: newFinding)
            #expect(finding.status == .created, "\(finding.text)")
            #expect(finding["evidenceStatus"] as? String == "pilot")
            let linked = try await client.call(.get, "/v1/mechanisms/test-mechanism")
            #expect((linked["findings"] as? [[String: Any]])?.first?["id"] as? String == "pilot-test-finding")
            let etag1b = try #require(linked.headers[.eTag])
            #expect(etag1b != etag1, "the representation changed, so its ETag did")
            let fibromyalgia = try await client.call(.get, "/v1/conditions/fibromyalgia")
            #expect((fibromyalgia["findings"] as? [String])?.contains("pilot-test-finding") == true)

            // PUT replaces the whole item.
            var replacement = try #require(JSONSerialization.jsonObject(with: Data(newMechanism.utf8)) as? [String: Any])
            replacement["verdict"] = "unclear"
            let body = String(decoding: try JSONSerialization.data(withJSONObject: replacement), as: UTF8.self)
            let replaced = try await client.call(
                .put,
                "/v1/mechanisms/test-mechanism",
                headers: json(tokens.curator, ifMatch: etag1b),
                body: body
            )
            #expect(replaced.status == .ok, "\(replaced.text)")
            #expect(replaced["verdict"] as? String == "unclear")
            #expect(replaced["version"] as? Int == 2)
            let etag2 = try #require(replaced.headers[.eTag])

            // PATCH merges; null removes an optional member.
            let patched = try await client.call(
                .patch,
                "/v1/findings/pilot-test-finding",
                headers: json(tokens.curator, ifMatch: finding.headers[.eTag], contentType: "application/merge-patch+json"),
                body: #"{"summary":"Pilot data, corrected.","exercise":null,"references":[12,13]}"#
            )
            #expect(patched.status == .ok, "\(patched.text)")
            #expect(patched["summary"] as? String == "Pilot data, corrected.")
            #expect(patched["exercise"] == nil)
            #expect((patched["references"] as? [[String: Any]])?.count == 2)
            #expect(patched["title"] as? String == "A pilot finding", "absent members stay")

            // DELETE is refused while the finding links the mechanism; then allowed.
            let referenced = try await client.call(.delete, "/v1/mechanisms/test-mechanism", headers: json(tokens.curator, ifMatch: etag2))
            expectProblem(referenced, .conflict, mentioning: "pilot-test-finding")
            let deleteFinding = try await client.call(
                .delete,
                "/v1/findings/pilot-test-finding",
                headers: json(tokens.curator, ifMatch: patched.headers[.eTag])
            )
            #expect(deleteFinding.status == .noContent)
            let etag2b = try #require(try await client.call(.get, "/v1/mechanisms/test-mechanism").headers[.eTag])
            let deleted = try await client.call(.delete, "/v1/mechanisms/test-mechanism", headers: json(tokens.curator, ifMatch: etag2b))
            #expect(deleted.status == .noContent)
            #expect(deleted.headers[.knowledgeBaseVersion]?.hasPrefix("2.0.7+") == true)

            // A tombstone: 410, gone from lists and search, key reserved, history kept.
            expectProblem(try await client.call(.get, "/v1/mechanisms/test-mechanism"), .gone, mentioning: "history")
            let list = try await client.call(.get, "/v1/mechanisms?limit=100")
            #expect(!list.data.contains { $0["slug"] as? String == "test-mechanism" })
            let searchAfter = try await client.call(.get, "/v1/search?q=test%20mechanism")
            #expect(!searchAfter.data.contains { $0["id"] as? String == "test-mechanism" })
            expectProblem(
                try await client.call(.post, "/v1/mechanisms", headers: json(tokens.curator), body: newMechanism),
                .conflict,
                mentioning: "deleted"
            )
            let history = try await client.call(.get, "/v1/mechanisms/test-mechanism/history")
            #expect(history.status == .ok)
            #expect(history["deleted"] as? Bool == true)
            let entries = history.data
            #expect(entries.map { $0["operation"] as? String } == ["delete", "replace", "create"])
            #expect(entries.map { $0["version"] as? Int } == [3, 2, 1])
            #expect(entries.allSatisfy { ($0["keyId"] as? String)?.hasPrefix("key_") == true })
            #expect((entries[1]["before"] as? [String: Any])?["verdict"] as? String == "hypothesized")
            #expect((entries[1]["after"] as? [String: Any])?["verdict"] as? String == "unclear")
            #expect(entries[0]["after"] == nil)
            #expect(entries[2]["before"] == nil)

            // The audit rows are in the store itself.
            let rows = try await store.integer("SELECT count(*) FROM audit_log WHERE item_key IN ('test-mechanism', 'pilot-test-finding')")
            #expect(rows == 6)
        }
    }

    @Test("writes need If-Match: 428 without it, 412 when stale; nothing changes")
    func preconditions() async throws {
        let (store, tokens) = try await keyedStore()
        try await withApp(store: store) { client in
            let current = try await client.call(.get, "/v1/guidelines/conservative-baseline")
            let etag = try #require(current.headers[.eTag])
            let patch = #"{"title":"Changed title"}"#
            let merge = "application/merge-patch+json"
            expectProblem(
                try await client.call(.patch, "/v1/guidelines/conservative-baseline", headers: json(tokens.curator, contentType: merge), body: patch),
                .preconditionRequired,
                mentioning: "If-Match"
            )
            expectProblem(
                try await client.call(
                    .patch,
                    "/v1/guidelines/conservative-baseline",
                    headers: json(tokens.curator, ifMatch: "\"1-stale\"", contentType: merge),
                    body: patch
                ),
                .preconditionFailed,
                mentioning: etag
            )
            expectProblem(
                try await client.call(.delete, "/v1/guidelines/conservative-baseline", headers: bearer(tokens.curator)),
                .preconditionRequired
            )
            let after = try await client.call(.get, "/v1/guidelines/conservative-baseline")
            #expect(after.headers[.eTag] == etag)
            #expect(after.headers[.knowledgeBaseVersion] == current.headers[.knowledgeBaseVersion])
            #expect(after["title"] as? String == current["title"] as? String)

            // With the current ETag the change lands, and the old ETag is now stale.
            let ok = try await client.call(
                .patch,
                "/v1/guidelines/conservative-baseline",
                headers: json(tokens.curator, ifMatch: etag, contentType: merge),
                body: patch
            )
            #expect(ok.status == .ok, "\(ok.text)")
            #expect(ok["title"] as? String == "Changed title")
            #expect(ok["version"] as? Int == 3, "seeded as 1, moved to 2 by knowledge release 2.0.0, then this change")
            expectProblem(
                try await client.call(
                    .patch,
                    "/v1/guidelines/conservative-baseline",
                    headers: json(tokens.curator, ifMatch: etag, contentType: merge),
                    body: #"{"title":"Another"}"#
                ),
                .preconditionFailed
            )
            // Unknown and deleted items.
            expectProblem(
                try await client.call(
                    .patch,
                    "/v1/guidelines/no-such-guideline",
                    headers: json(tokens.curator, ifMatch: "*", contentType: merge),
                    body: "{}"
                ),
                .notFound
            )
        }
    }

    @Test("keys: 401 with a Bearer challenge when missing or bad, 403 for a weaker role")
    func authentication() async throws {
        let (store, tokens) = try await keyedStore()
        try await withApp(store: store) { client in
            let anonymous = try await client.call(.post, "/v1/mechanisms", headers: [.contentType: "application/json"], body: newMechanism)
            expectProblem(anonymous, .unauthorized, mentioning: "curator")
            #expect(anonymous.headers[.wwwAuthenticate] == #"Bearer realm="exercise-analgesia""#)

            let unknown = try await client.call(
                .post,
                "/v1/mechanisms",
                headers: json("eak_" + String(repeating: "A", count: 43)),
                body: newMechanism
            )
            expectProblem(unknown, .unauthorized, mentioning: "unknown or revoked")
            #expect(unknown.headers[.wwwAuthenticate]?.contains(#"error="invalid_token""#) == true)

            var basic = HTTPFields()
            basic[.authorization] = "Basic dXNlcjpwYXNz"
            basic[.contentType] = "application/json"
            expectProblem(try await client.call(.post, "/v1/mechanisms", headers: basic, body: newMechanism), .unauthorized, mentioning: "Bearer")

            expectProblem(
                try await client.call(.post, "/v1/mechanisms", headers: json(tokens.reader), body: newMechanism),
                .forbidden,
                mentioning: "curator"
            )
            expectProblem(try await client.call(.get, "/v1/keys", headers: bearer(tokens.curator)), .forbidden, mentioning: "admin")

            // A bad key is refused even where no key is needed; reads stay open without one.
            expectProblem(try await client.call(.get, "/v1/conditions", headers: bearer("eak_nope")), .unauthorized)
            #expect(try await client.call(.get, "/v1/conditions").status == .ok)
            #expect(try await client.call(.get, "/v1/conditions", headers: bearer(tokens.reader)).status == .ok)

            // An admin creates and revokes keys over the API; the token works until revoked.
            let made = try await client.call(.post, "/v1/keys", headers: json(tokens.admin), body: #"{"name":"new curator","role":"curator"}"#)
            #expect(made.status == .created, "\(made.text)")
            let token = try #require(made["token"] as? String)
            let id = try #require(made["id"] as? String)
            let listed = try await client.call(.get, "/v1/keys", headers: bearer(tokens.admin))
            #expect(listed.data.count == 4)
            #expect(!listed.text.contains(token), "tokens are never shown again")
            #expect(try await client.call(.post, "/v1/mechanisms", headers: json(token), body: newMechanism).status == .created)
            #expect(try await client.call(.delete, "/v1/keys/\(id)", headers: bearer(tokens.admin)).status == .noContent)
            expectProblem(try await client.call(.get, "/v1/keys", headers: bearer(token)), .unauthorized)
            #expect(try await store.integer("SELECT count(*) FROM api_key WHERE length(token_sha256) <> 32") == 0)
            #expect(try await store.persistence.keys.key(tokenDigest: APIKeyStore.digest(token)) != nil, "only the digest is stored")
        }
    }

    @Test("a key revoked by another process (the keys command) stops working within the verification lifetime")
    func revokedElsewhere() async throws {
        let (store, tokens) = try await keyedStore()
        let server = APIKeyStore(repository: store.persistence.keys)
        let command = APIKeyStore(repository: store.persistence.keys)
        let start = ContinuousClock.now
        let principal = try #require(try await server.authenticate(tokens.curator, now: start))
        #expect(try await command.revoke(id: principal.keyID))
        // The server trusts what it verified a moment ago, for at most the lifetime…
        #expect(try await server.authenticate(tokens.curator, now: start + .seconds(1)) == principal)
        // …then looks again and refuses it.
        #expect(try await server.authenticate(tokens.curator, now: start + APIKeyStore.verificationLifetime) == nil)
        #expect(try await server.authenticate(tokens.reader, now: start + APIKeyStore.verificationLifetime) != nil)
    }

    @Test("reads can be set to require a key of any role")
    func keyedReads() async throws {
        let (store, tokens) = try await keyedStore()
        try await withApp(store: store, configure: { $0.authRequireKeyForReads = true }) { client in
            expectProblem(try await client.call(.get, "/v1/conditions/fibromyalgia"), .unauthorized)
            expectProblem(try await client.call(.get, "/v1/export"), .unauthorized)
            #expect(try await client.call(.get, "/v1/conditions/fibromyalgia", headers: bearer(tokens.reader)).status == .ok)
            #expect(try await client.call(.get, "/health/live").status == .ok)
        }
    }

    @Test("no token reaches a log, whatever happens to the request")
    func tokensStayOutOfLogs() async throws {
        let (store, tokens) = try await keyedStore()
        let captured = LogCapture()
        var logger = Logger(label: "capture") { _ in captured }
        logger.logLevel = .trace
        let app = try await buildApplication(configuration: testConfiguration, logger: logger, persistence: store.persistence)
        try await app.test(.router) { client in
            _ = try await client.call(.post, "/v1/mechanisms", headers: json(tokens.curator), body: newMechanism)
            _ = try await client.call(.post, "/v1/mechanisms", headers: json(tokens.reader), body: newMechanism)
            _ = try await client.call(.post, "/v1/keys", headers: json(tokens.admin), body: #"{"name":"x","role":"reader"}"#)
            _ = try await client.call(.get, "/v1/keys", headers: bearer(tokens.admin + "x"))
            _ = try await client.call(.post, "/v1/import", headers: json(tokens.curator, contentType: "application/x-ndjson"), body: "junk")
        }
        let text = captured.text
        #expect(text.contains("Curated write"), "the capture sees the service's logs")
        for token in [tokens.reader, tokens.curator, tokens.admin] {
            #expect(!text.contains(token))
            #expect(!text.contains(String(token.dropFirst(4).prefix(16))))
        }
    }

    @Test("a create retried with the same Idempotency-Key answers the first result and creates nothing")
    func idempotentCreate() async throws {
        let (store, tokens) = try await keyedStore()
        try await withApp(store: store) { client in
            var headers = json(tokens.curator)
            headers[HTTPField.Name("Idempotency-Key")!] = "3f1c7a52-create-test-mechanism"
            let first = try await client.call(.post, "/v1/mechanisms", headers: headers, body: newMechanism)
            #expect(first.status == .created)
            let retry = try await client.call(.post, "/v1/mechanisms", headers: headers, body: newMechanism)
            #expect(retry.status == .created)
            #expect(retry.text == first.text)
            #expect(retry.headers[.eTag] == first.headers[.eTag])
            #expect(retry.headers[.knowledgeBaseVersion] == first.headers[.knowledgeBaseVersion])
            #expect(retry.headers[.location] == first.headers[.location])
            let history = try await client.call(.get, "/v1/mechanisms/test-mechanism/history")
            #expect(history.data.count == 1)
            #expect(try await client.call(.get, "/v1/knowledge-base").headers[.knowledgeBaseVersion] == first.headers[.knowledgeBaseVersion])

            // The same key with another body is a client error; without a key a retry is a conflict.
            let other = newMechanism.replacingOccurrences(of: "Proposed for testing.", with: "Different.")
            expectProblem(
                try await client.call(.post, "/v1/mechanisms", headers: headers, body: other),
                .unprocessableContent,
                mentioning: "Idempotency-Key"
            )
            expectProblem(try await client.call(.post, "/v1/mechanisms", headers: json(tokens.curator), body: newMechanism), .conflict)
        }
    }

    @Test("validation names the field: bounds, enums, unknown fields, references, duplicates, codes; a failed write changes nothing")
    func validation() async throws {
        let (store, tokens) = try await keyedStore()
        try await withApp(store: store) { client in
            let version = try await client.call(.get, "/v1/knowledge-base").headers[.knowledgeBaseVersion]
            func post(_ path: String, _ body: String) async throws -> JSONResponse {
                try await client.call(.post, path, headers: json(tokens.curator), body: body)
            }
            let unknownReference = try await post(
                "/v1/findings",
                newFinding.replacingOccurrences(of: #""conditions":["fibromyalgia"]"#, with: #""conditions":["fibromyalga"]"#)
            )
            expectProblem(unknownReference, .unprocessableContent, mentioning: "fibromyalga")
            #expect(unknownReference.text.contains("Did you mean fibromyalgia"))
            #expect((unknownReference["invalidParams"] as? [[String: Any]])?.first?["name"] as? String == "conditions[0]")

            let tooLong = try await post(
                "/v1/mechanisms",
                newMechanism.replacingOccurrences(of: "A test mechanism", with: String(repeating: "x", count: 201))
            )
            expectProblem(tooLong, .badRequest, mentioning: "at most 200")

            let badSlug = try await post("/v1/mechanisms", newMechanism.replacingOccurrences(of: "test-mechanism", with: "Test_Mechanism"))
            #expect([.badRequest, .unprocessableContent].contains(badSlug.status))
            #expect(badSlug.text.contains("slug"))

            let badEnum = try await post("/v1/mechanisms", newMechanism.replacingOccurrences(of: "hypothesized", with: "proven"))
            #expect([.badRequest, .unprocessableContent].contains(badEnum.status))
            #expect(badEnum.text.contains("verdict"))

            let duplicateCode = try await post(
                "/v1/conditions",
                #"""
                {"slug":"widespread-pain","name":"Widespread pain","summary":"Test.","eaSummary":"Test.",
                 "centralSensitization":{"characteristic":true,"note":"Test."},
                 "codes":[{"system":"http://snomed.info/sct","code":"203082005","display":"Fibromyalgia","match":"exact"}]}
                """#
            )
            expectProblem(duplicateCode, .conflict, mentioning: "fibromyalgia")

            let repeated = try await post(
                "/v1/guidelines",
                #"""
                {"slug":"test-guideline","title":"T","advice":"A.","rationale":"R.","kind":"practice","origin":"table-1",
                 "evidenceLevel":"clinical-reasoning","conditions":["fibromyalgia","fibromyalgia"],"locator":"practice/p5"}
                """#
            )
            expectProblem(repeated, .unprocessableContent)
            #expect(repeated.text.contains("conditions[1]"))
            #expect(repeated.text.contains("tablePosition"))

            let unknownField = try await client.call(
                .patch,
                "/v1/conditions/fibromyalgia",
                headers: json(tokens.curator, ifMatch: "*", contentType: "application/merge-patch+json"),
                body: #"{"sumary":"typo"}"#
            )
            expectProblem(unknownField, .unprocessableContent, mentioning: "sumary")

            let renamed = try await client.call(
                .patch,
                "/v1/conditions/fibromyalgia",
                headers: json(tokens.curator, ifMatch: "*", contentType: "application/merge-patch+json"),
                body: #"{"slug":"fm"}"#
            )
            expectProblem(renamed, .unprocessableContent, mentioning: "cannot change")

            #expect(try await client.call(.get, "/v1/knowledge-base").headers[.knowledgeBaseVersion] == version)
            let audits = try await store.integer("SELECT count(*) FROM audit_log")
            #expect(audits == 0)
        }
    }

    @Test("a curated change reaches the advice: the recommendation answers with the new knowledge-base version")
    func changesReachRecommendations() async throws {
        let (store, tokens) = try await keyedStore()
        try await withApp(store: store) { client in
            let profile = #"{"conditions":["fibromyalgia"]}"#
            let before = try await client.call(.post, "/v1/recommendations", headers: [.contentType: "application/json"], body: profile)
            #expect(before.status == .ok, "\(before.text)")
            let patched = try await client.call(
                .patch,
                "/v1/conditions/fibromyalgia",
                headers: json(tokens.curator, ifMatch: "*", contentType: "application/merge-patch+json"),
                body: #"{"eaSummary":"Curated summary."}"#
            )
            #expect(patched.status == .ok, "\(patched.text)")
            let after = try await client.call(.post, "/v1/recommendations", headers: [.contentType: "application/json"], body: profile)
            #expect(after.headers[.knowledgeBaseVersion] == patched.headers[.knowledgeBaseVersion])
            #expect(after.headers[.knowledgeBaseVersion] != before.headers[.knowledgeBaseVersion])
        }
    }

    @Test("a condition's curated caution reaches the JSON of its findings and guidelines, with a new ETag, so no cache keeps the old one")
    func cautionReachesLinkedItems() async throws {
        let (store, tokens) = try await keyedStore()
        try await withApp(store: store) { client in
            let before = try await client.call(.get, "/v1/findings/staud-2005-unilateral-isometric-30-mvc")
            #expect(before["cautions"] as? [String] == [])
            let etag = try #require(before.headers[.eTag])
            let patched = try await client.call(
                .patch,
                "/v1/conditions/fibromyalgia",
                headers: json(tokens.curator, ifMatch: "*", contentType: "application/merge-patch+json"),
                body: #"{"caution":"Curated caution."}"#
            )
            #expect(patched.status == .ok, "\(patched.text)")
            let after = try await client.call(.get, "/v1/findings/staud-2005-unilateral-isometric-30-mvc", headers: [.ifNoneMatch: etag])
            #expect(after.status == .ok, "the old ETag no longer matches")
            #expect(after["cautions"] as? [String] == ["Fibromyalgia: Curated caution."])
            #expect(after["version"] as? Int == before["version"] as? Int, "the finding itself did not change")
            let guideline = try await client.call(.get, "/v1/guidelines/careful-with-eccentric")
            #expect((guideline["cautions"] as? [String])?.contains("Fibromyalgia: Curated caution.") == true)
        }
    }
}

/// A log handler that keeps every line, to check what reaches logs.
final class LogCapture: LogHandler, @unchecked Sendable {
    private let lines = Mutex<[String]>([])
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let line = "\(event.level) \(event.message) \(event.metadata ?? [:]) \(metadata)"
        lines.withLock { $0.append(line) }
    }

    var text: String { lines.withLock { $0.joined(separator: "\n") } }
}

@Suite("Bulk export and import")
struct TransferTests {
    static let knowledgeTables = [
        "guideline_finding", "guideline_condition", "guideline", "ea_response_finding", "ea_response", "finding_mechanism",
        "finding_condition", "finding_reference", "finding_result", "finding", "mechanism", "condition_code", "population",
        "condition", "citation", "source",
    ]

    /// Every read a client can make of the knowledge, with its ETag and version header.
    static func reads(_ client: some TestClientProtocol) async throws -> [String: String] {
        var reads: [String: String] = [:]
        for kind in ["conditions", "mechanisms", "findings", "guidelines"] {
            let list = try await client.call(.get, "/v1/\(kind)?limit=100")
            reads["/v1/\(kind)"] = "\(list.headers[.eTag] ?? "") \(list.headers[.knowledgeBaseVersion] ?? "") \(list.text)"
            for item in list.data {
                let key = (item["slug"] ?? item["id"]) as? String ?? ""
                let read = try await client.call(.get, "/v1/\(kind)/\(key)")
                reads["/v1/\(kind)/\(key)"] = "\(read.headers[.eTag] ?? "") \(read.text)"
            }
        }
        let base = try await client.call(.get, "/v1/knowledge-base")
        let counts = (base["counts"] as? [String: Int] ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        reads["kb"] = "\(base["version"] ?? "") \(base["contentHash"] ?? "") \(counts)"
        let advice = try await client.call(
            .post,
            "/v1/recommendations",
            headers: [.contentType: "application/json"],
            body: #"{"conditions":["fibromyalgia","shoulder-myalgia"]}"#
        )
        reads["advice"] = advice.text
        return reads
    }

    @Test("an export imported into an empty store reads the same, item for item")
    func roundTrip() async throws {
        let (source, tokens) = try await keyedStore()
        let (export, expected) = try await {
            let result = Mutex<(String, [String: String])>(("", [:]))
            let app = try await buildApplication(configuration: testConfiguration, logger: quietLogger, persistence: source.persistence)
            try await app.test(.router) { client in
                #expect(try await client.call(.post, "/v1/mechanisms", headers: json(tokens.curator), body: newMechanism).status == .created)
                let patched = try await client.call(
                    .patch,
                    "/v1/conditions/osteoarthritis",
                    headers: json(tokens.curator, ifMatch: "*", contentType: "application/merge-patch+json"),
                    body: #"{"synonyms":["OA","degenerative joint disease"]}"#
                )
                #expect(patched.status == .ok)
                let exported = try await client.call(.get, "/v1/export")
                #expect(exported.status == .ok)
                #expect(exported.contentType.hasPrefix("application/x-ndjson"))
                // Streamed a batch of lines at a time, so no length is known up front.
                #expect(exported.headers[.contentLength] == nil)
                let reads = try await Self.reads(client)
                result.withLock { $0 = (exported.text, reads) }
            }
            return result.withLock { $0 }
        }()
        let lines = export.split(separator: "\n")
        #expect(lines.first?.contains(#""type":"header""#) == true)
        #expect(lines.count > 100)

        let (target, targetTokens) = try await keyedStore()
        for table in Self.knowledgeTables { try await target.execute("DELETE FROM \(table)") }
        let app = try await buildApplication(configuration: testConfiguration, logger: quietLogger, persistence: target.persistence)
        try await app.test(.router) { client in
            let empty = try await client.call(.get, "/v1/conditions")
            #expect(empty.data.isEmpty)
            let imported = try await client.call(
                .post,
                "/v1/import",
                headers: json(targetTokens.curator, contentType: "application/x-ndjson"),
                body: export
            )
            #expect(imported.status == .ok, "\(imported.text)")
            #expect(imported["created"] as? Int == lines.count - 1)
            let actual = try await Self.reads(client)
            #expect(actual.keys.sorted() == expected.keys.sorted())
            for (read, value) in expected {
                #expect(actual[read] == value, "\(read) differs")
            }
            // Importing the same file again changes nothing.
            let again = try await client.call(
                .post,
                "/v1/import",
                headers: json(targetTokens.curator, contentType: "application/x-ndjson"),
                body: export
            )
            #expect(again["created"] as? Int == 0)
            #expect(again["unchanged"] as? Int == lines.count - 1)
        }
    }

    @Test("an import applies every line or none, naming the first bad line")
    func allOrNothing() async throws {
        let (store, tokens) = try await keyedStore()
        try await withApp(store: store) { client in
            let version = try await client.call(.get, "/v1/knowledge-base").headers[.knowledgeBaseVersion]
            let header = #"{"type":"header","format":1}"#
            let good = #"{"type":"mechanism","version":1,"item":\#(newMechanism)}"#
            let bad =
                #"{"type":"finding","version":1,"item":{"id":"x-finding","title":"T","summary":"S","evidenceStatus":"rumour","studyDesign":"D","locator":"aerobic/p1","basis":"study"}}"#
            let refused = try await client.call(
                .post,
                "/v1/import",
                headers: json(tokens.curator, contentType: "application/x-ndjson"),
                body: [header, good, bad].joined(separator: "\n")
            )
            expectProblem(refused, .unprocessableContent, mentioning: "line 3")
            let dangling =
                #"{"type":"guideline","version":1,"item":{"slug":"dangling","title":"T","advice":"A","rationale":"R","kind":"practice","origin":"text","evidenceLevel":"clinical-reasoning","findings":["no-such-finding"],"locator":"practice/p4"}}"#
            let refusedReference = try await client.call(
                .post,
                "/v1/import",
                headers: json(tokens.curator, contentType: "application/x-ndjson"),
                body: [header, good, dangling].joined(separator: "\n")
            )
            expectProblem(refusedReference, .unprocessableContent, mentioning: "no-such-finding")
            expectProblem(
                try await client.call(.post, "/v1/import", headers: json(tokens.curator, contentType: "application/x-ndjson"), body: good),
                .unprocessableContent,
                mentioning: "header"
            )
            expectProblem(try await client.call(.get, "/v1/mechanisms/test-mechanism"), .notFound)
            #expect(try await client.call(.get, "/v1/knowledge-base").headers[.knowledgeBaseVersion] == version)
            expectProblem(
                try await client.call(.post, "/v1/import", headers: json(tokens.reader, contentType: "application/x-ndjson"), body: header),
                .forbidden
            )
        }
    }
}

@Suite("Concurrent curated writes")
struct ConcurrentWriteTests {
    @Test("16 writers race on one item: one wins per version, the others get 412; readers never see a half-written item")
    func race() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("race-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        // On SQLite, a real WAL file (an in-memory queue has no concurrent readers); on
        // PostgreSQL, the run's database.
        let file = { try AppDatabase.open(path: directory.appendingPathComponent("kb.sqlite").path, busyTimeout: 5, logger: quietLogger) }
        let (store, tokens) = try await keyedStore(TestBackend.current == .sqlite ? TestStore.sqlite(try file()) : nil)
        let app = try await buildApplication(configuration: testConfiguration, logger: quietLogger, persistence: store.persistence)
        try await app.test(.router) { client in
            let path = "/v1/mechanisms/gate-control"
            let original = try await client.call(.get, path)
            let originalSummary = try #require(original["summary"] as? String)
            let writers = 16
            let finished = Counter()

            let (statuses, reads) = try await withThrowingTaskGroup(of: ([HTTPResponse.Status], [(Int, String)]).self) { group in
                for writer in 0..<writers {
                    group.addTask {
                        var seen: [HTTPResponse.Status] = []
                        while true {
                            let current = try await client.call(.get, path)
                            let response = try await client.call(
                                .patch,
                                path,
                                headers: json(
                                    tokens.curator,
                                    ifMatch: current.headers[.eTag],
                                    contentType: "application/merge-patch+json"
                                ),
                                body: #"{"summary":"written by writer \#(writer)"}"#
                            )
                            seen.append(response.status)
                            if response.status != .preconditionFailed { break }
                        }
                        finished.value.add(1, ordering: .relaxed)
                        return (seen, [])
                    }
                }
                for _ in 0..<4 {
                    group.addTask {
                        var reads: [(Int, String)] = []
                        while finished.value.load(ordering: .relaxed) < writers {
                            let read = try await client.call(.get, path)
                            reads.append((read["version"] as? Int ?? -1, read["summary"] as? String ?? ""))
                            await Task.yield()
                        }
                        return ([], reads)
                    }
                }
                var statuses: [HTTPResponse.Status] = []
                var reads: [(Int, String)] = []
                for try await (seen, read) in group {
                    statuses += seen
                    reads += read
                }
                return (statuses, reads)
            }

            #expect(statuses.filter { $0 == .ok }.count == writers, "every writer wins exactly once")
            #expect(statuses.allSatisfy { $0 == .ok || $0 == .preconditionFailed }, "\(Set(statuses.map(\.code)))")

            let history = try await client.call(.get, "\(path)/history")
            let versions = history.data.compactMap { $0["version"] as? Int }
            // Seeded items are at version 2 (knowledge release 2.0.0 changed every item once).
            #expect(versions == Array((3...(writers + 2)).reversed()), "one change per version, none lost")
            let summaryAt = Dictionary(
                uniqueKeysWithValues: history.data.compactMap { entry -> (Int, String)? in
                    guard let version = entry["version"] as? Int, let summary = (entry["after"] as? [String: Any])?["summary"] as? String
                    else { return nil }
                    return (version, summary)
                }
            )
            #expect(Set(summaryAt.values).count == writers)
            for (version, summary) in reads {
                let expected = version == 2 ? originalSummary : summaryAt[version]
                #expect(summary == expected, "read version \(version) with summary '\(summary)'")
            }
            let final = try await client.call(.get, path)
            #expect(final["version"] as? Int == writers + 2)
        }
    }
}

final class Counter: Sendable {
    let value = Atomic<Int>(0)
}

/// One new item of each kind, with the field a PUT changes and the one a PATCH changes.
struct KindFixture: Sendable, CustomTestStringConvertible {
    var plural: String
    var key: String
    var body: String
    var replaced: String
    var patched: String

    var testDescription: String { plural }

    static let all: [KindFixture] = [
        KindFixture(
            plural: "conditions",
            key: "test-condition",
            body: #"""
                {"slug":"test-condition","name":"Test condition","summary":"For testing.","eaSummary":"Unknown.",
                 "centralSensitization":{"characteristic":false,"note":"Not studied."},
                 "codes":[{"system":"http://hl7.org/fhir/sid/icd-10-cm","code":"Z99.99","display":"Test","match":"exact"}],
                 "eaStatements":[{"exerciseType":"aerobic","site":"any","response":"unknown","evidenceBasis":"review-statement","rationale":"Not studied.","locator":"abstract/p1"}]}
                """#,
            replaced: "name",
            patched: "summary"
        ),
        KindFixture(plural: "mechanisms", key: "test-mechanism", body: newMechanism, replaced: "name", patched: "summary"),
        KindFixture(
            plural: "findings",
            key: "test-finding",
            body: #"""
                {"id":"test-finding","title":"A finding in preparation","summary":"For testing.","evidenceStatus":"in-preparation",
                 "studyDesign":"Case series","conditions":["fibromyalgia"],"locator":"muscle-contraction/p4","basis":"unpublished",
                 "results":[{"population":"fibromyalgia-patients","outcome":"Not yet known."}]}
                """#,
            replaced: "title",
            patched: "summary"
        ),
        KindFixture(
            plural: "guidelines",
            key: "test-guideline",
            body: #"""
                {"slug":"test-guideline","title":"Test guideline","advice":"Test advice.","rationale":"Testing.","kind":"practice",
                 "origin":"text","evidenceLevel":"clinical-reasoning","conditions":["fibromyalgia"],
                 "findings":["staud-2005-unilateral-isometric-30-mvc"],"locator":"practice/p5"}
                """#,
            replaced: "title",
            patched: "advice"
        ),
    ]
}

@Suite("Every write path of every kind")
struct WritePathTests {
    @Test("POST, PUT, PATCH and DELETE, each versioned and audited", arguments: KindFixture.all)
    func writePaths(_ kind: KindFixture) async throws {
        let (store, tokens) = try await keyedStore()
        try await withApp(store: store) { client in
            let path = "/v1/\(kind.plural)/\(kind.key)"
            let created = try await client.call(.post, "/v1/\(kind.plural)", headers: json(tokens.curator), body: kind.body)
            #expect(created.status == .created, "\(created.text)")
            #expect(created.headers[.location] == path)
            #expect(created["version"] as? Int == 1)
            let read = try await client.call(.get, path)
            #expect(read.headers[.eTag] == created.headers[.eTag])

            var replacement = try #require(try JSONSerialization.jsonObject(with: Data(kind.body.utf8)) as? [String: Any])
            replacement[kind.replaced] = "Replaced \(kind.replaced)"
            let replaced = try await client.call(
                .put,
                path,
                headers: json(tokens.curator, ifMatch: created.headers[.eTag]),
                body: String(decoding: try JSONSerialization.data(withJSONObject: replacement), as: UTF8.self)
            )
            #expect(replaced.status == .ok, "\(replaced.text)")
            #expect(replaced[kind.replaced] as? String == "Replaced \(kind.replaced)")
            #expect(replaced["version"] as? Int == 2)

            let patched = try await client.call(
                .patch,
                path,
                headers: json(tokens.curator, ifMatch: replaced.headers[.eTag], contentType: "application/merge-patch+json"),
                body: #"{"\#(kind.patched)":"Patched."}"#
            )
            #expect(patched.status == .ok, "\(patched.text)")
            #expect(patched[kind.patched] as? String == "Patched.")
            #expect(patched[kind.replaced] as? String == "Replaced \(kind.replaced)")
            #expect(patched["version"] as? Int == 3)

            let deleted = try await client.call(.delete, path, headers: json(tokens.curator, ifMatch: patched.headers[.eTag]))
            #expect(deleted.status == .noContent, "\(deleted.text)")
            expectProblem(try await client.call(.get, path), .gone)
            let list = try await client.call(.get, "/v1/\(kind.plural)?limit=100")
            #expect(!list.data.contains { ($0["slug"] ?? $0["id"]) as? String == kind.key })
            let history = try await client.call(.get, "\(path)/history")
            #expect(history.data.map { $0["operation"] as? String } == ["delete", "patch", "replace", "create"])
        }
    }
}
