import Crypto
import Foundation
import HTTPTypes
import HummingbirdTesting
import JWTKit
import Testing

@testable import AnalgesiaServer

/// CDS Hooks 2.0: discovery, realistic hook calls, the card rules of the specification,
/// feedback, CORS, and the EHR's bearer JWT.
@Suite("CDS Hooks")
struct CDSHooksTests {
    static let publicURL = "https://cds.example.org"
    static let issuer = "https://ehr.example.org"
    static let patientView = "/cds-services/exercise-analgesia-patient-view"
    static let orderSelect = "/cds-services/exercise-analgesia-order-select"

    // MARK: Requests

    static func condition(_ id: String, _ system: String, _ code: String, status: String = "active") -> String {
        """
        {"resource":{"resourceType":"Condition","id":"\(id)",
          "clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical","code":"\(status)"}]},
          "code":{"coding":[{"system":"\(system)","code":"\(code)"}]},"subject":{"reference":"Patient/1288992"}}}
        """
    }

    static let conditionsBundle = """
        {"resourceType":"Bundle","type":"searchset","total":4,"entry":[
          \(condition("c1", "http://hl7.org/fhir/sid/icd-10-cm", "M79.7")),
          \(condition("c2", "http://snomed.info/sct", "203082005")),
          \(condition("c3", "http://hl7.org/fhir/sid/icd-10-cm", "M17.11")),
          \(condition("c4", "http://hl7.org/fhir/sid/icd-10-cm", "J45.909"))]}
        """

    static let patientViewRequest = """
        {"hook":"patient-view","hookInstance":"d1577c69-dfbe-44ad-ba6d-3e05e953b2ea","fhirServer":"https://ehr.example.org/fhir",
         "context":{"userId":"Practitioner/example","patientId":"1288992"},
         "prefetch":{"conditions":\(conditionsBundle)}}
        """

    static let orderSelectRequest = """
        {"hook":"order-select","hookInstance":"a8b7c6d5-0000-4000-8000-000000000001","fhirServer":"https://ehr.example.org/fhir",
         "context":{"userId":"Practitioner/example","patientId":"1288992","selections":["ServiceRequest/exercise-1"],
           "draftOrders":{"resourceType":"Bundle","type":"collection","entry":[
             {"resource":{"resourceType":"ServiceRequest","id":"exercise-1","status":"draft","intent":"order",
               "code":{"coding":[{"system":"http://snomed.info/sct","code":"229065009","display":"Exercise therapy"}]},
               "subject":{"reference":"Patient/1288992"}}},
             {"resource":{"resourceType":"MedicationRequest","id":"med-1","status":"draft","intent":"order"}}]}},
         "prefetch":{"conditions":\(conditionsBundle)}}
        """

    static func json(_ headers: HTTPFields = [:]) -> HTTPFields {
        var fields = headers
        fields[.contentType] = "application/json"
        return fields
    }

    /// Every optional field left out rather than null or empty (CDS Hooks 2.0: "null, "", [] or {} are prohibited").
    static func expectNoEmptyValues(_ value: Any, path: String = "$", sourceLocation: SourceLocation = #_sourceLocation) {
        switch value {
        case is NSNull:
            Issue.record("\(path) is null", sourceLocation: sourceLocation)
        case let text as String:
            #expect(!text.isEmpty, "\(path) is empty", sourceLocation: sourceLocation)
        case let array as [Any]:
            if path != "$.cards" { #expect(!array.isEmpty, "\(path) is an empty array", sourceLocation: sourceLocation) }
            for (index, element) in array.enumerated() { expectNoEmptyValues(element, path: "\(path)[\(index)]", sourceLocation: sourceLocation) }
        case let object as [String: Any]:
            #expect(!object.isEmpty, "\(path) is an empty object", sourceLocation: sourceLocation)
            for (key, element) in object { expectNoEmptyValues(element, path: "\(path).\(key)", sourceLocation: sourceLocation) }
        default:
            break
        }
    }

    /// The specification's rules for a card.
    static func expectValidCard(_ card: [String: Any], sourceLocation: SourceLocation = #_sourceLocation) {
        let summary = card["summary"] as? String ?? ""
        #expect(!summary.isEmpty && summary.count < 140, "summary: \(summary)", sourceLocation: sourceLocation)
        #expect(["info", "warning", "critical"].contains(card["indicator"] as? String ?? ""), sourceLocation: sourceLocation)
        #expect(UUID(uuidString: card["uuid"] as? String ?? "") != nil, sourceLocation: sourceLocation)
        let source = card["source"] as? [String: Any]
        #expect((source?["label"] as? String)?.isEmpty == false, sourceLocation: sourceLocation)
        if let suggestions = card["suggestions"] as? [[String: Any]], !suggestions.isEmpty {
            #expect(
                ["at-most-one", "any"].contains(card["selectionBehavior"] as? String ?? ""),
                "selectionBehavior is required with suggestions",
                sourceLocation: sourceLocation
            )
            for suggestion in suggestions {
                #expect((suggestion["label"] as? String)?.isEmpty == false, sourceLocation: sourceLocation)
            }
        }
        expectNoEmptyValues(card, path: "$.card", sourceLocation: sourceLocation)
    }

    // MARK: Discovery and hook calls (unsigned calls allowed, as for local testing)

    static func unsigned(_ configuration: inout AppConfiguration) {
        configuration.cdsAllowUnsigned = true
        configuration.cdsPublicURL = publicURL
    }

    @Test("discovery lists patient-view and order-select with the Condition prefetch")
    func discovery() async throws {
        try await withApp(configure: Self.unsigned) { client in
            let response = try await client.call(.get, "/cds-services")
            #expect(response.status == .ok)
            let services = try #require(response["services"] as? [[String: Any]])
            #expect(Set(services.compactMap { $0["hook"] as? String }) == ["patient-view", "order-select"])
            for service in services {
                #expect((service["prefetch"] as? [String: String])?["conditions"] == "Condition?patient={{context.patientId}}&clinical-status=active")
                #expect((service["description"] as? String)?.isEmpty == false)
            }
            Self.expectNoEmptyValues(response.object)
        }
    }

    @Test("patient-view: Conditions coded M79.7, 203082005 and M17.11 (plus an unrelated code) give one warning card")
    func patientViewCard() async throws {
        try await withApp(configure: Self.unsigned) { client in
            let response = try await client.call(.post, Self.patientView, headers: Self.json(), body: Self.patientViewRequest)
            #expect(response.status == .ok, "\(response.text)")
            #expect(response.headers[.knowledgeBaseVersion]?.hasPrefix("2.0.1+") == true)
            let cards = try #require(response["cards"] as? [[String: Any]])
            #expect(cards.count == 1)
            let card = try #require(cards.first)
            Self.expectValidCard(card)
            #expect(card["indicator"] as? String == "warning", "fibromyalgia: dysfunctional EA is expected")
            let detail = card["detail"] as? String ?? ""
            #expect(detail.contains("Prefer low-intensity training regimes"))
            #expect(detail.contains("**Grading:**"))
            #expect(detail.contains("**References linked to these items:**"))
            #expect(detail.contains("\n- Aerobic"), "each expected response is named in words")
            #expect((card["source"] as? [String: Any])?["url"] as? String == "\(Self.publicURL)/conditions/fibromyalgia")
            let link = try #require((card["links"] as? [[String: Any]])?.first)
            #expect(link["label"] as? String == "Why this advice")
            #expect(link["type"] as? String == "absolute")
            #expect((link["url"] as? String)?.hasPrefix("\(Self.publicURL)/recommend?conditions=") == true)
            #expect(card["suggestions"] == nil && card["selectionBehavior"] == nil)
        }
    }

    @Test("patient-view: only osteoarthritis gives an info card; nothing covered gives no cards")
    func infoAndEmpty() async throws {
        try await withApp(configure: Self.unsigned) { client in
            let osteoarthritis = Self.patientViewRequest.replacingOccurrences(
                of: Self.conditionsBundle,
                with: """
                    {"resourceType":"Bundle","type":"searchset","entry":[\(Self.condition("c3", "http://hl7.org/fhir/sid/icd-10-cm", "M16.11"))]}
                    """
            )
            let info = try await client.call(.post, Self.patientView, headers: Self.json(), body: osteoarthritis)
            let card = try #require((info["cards"] as? [[String: Any]])?.first)
            Self.expectValidCard(card)
            #expect(card["indicator"] as? String == "info")
            #expect((card["source"] as? [String: Any])?["url"] as? String == "\(Self.publicURL)/conditions/osteoarthritis")

            let unrelated = Self.patientViewRequest.replacingOccurrences(
                of: Self.conditionsBundle,
                with: """
                    {"resourceType":"Bundle","type":"searchset","entry":[\(Self.condition("c4", "http://hl7.org/fhir/sid/icd-10-cm", "J45.909")),
                     \(Self.condition("c1", "http://hl7.org/fhir/sid/icd-10-cm", "M79.7", status: "resolved"))]}
                    """
            )
            let none = try await client.call(.post, Self.patientView, headers: Self.json(), body: unrelated)
            #expect(none.status == .ok)
            #expect(none.text == #"{"cards":[]}"#)

            let nullPrefetch = Self.patientViewRequest.replacingOccurrences(of: Self.conditionsBundle, with: "null")
            #expect(try await client.call(.post, Self.patientView, headers: Self.json(), body: nullPrefetch).text == #"{"cards":[]}"#)
        }
    }

    @Test("order-select: a draft exercise-therapy ServiceRequest gets a tailoring card with a suggestion and selectionBehavior")
    func orderSelectCard() async throws {
        try await withApp(configure: Self.unsigned) { client in
            let response = try await client.call(.post, Self.orderSelect, headers: Self.json(), body: Self.orderSelectRequest)
            #expect(response.status == .ok, "\(response.text)")
            let card = try #require((response["cards"] as? [[String: Any]])?.first)
            Self.expectValidCard(card)
            #expect(card["selectionBehavior"] as? String == "at-most-one")
            let suggestion = try #require((card["suggestions"] as? [[String: Any]])?.first)
            #expect(suggestion["isRecommended"] as? Bool == true)
            let action = try #require((suggestion["actions"] as? [[String: Any]])?.first)
            #expect(action["type"] as? String == "update")
            let resource = try #require(action["resource"] as? [String: Any])
            #expect(resource["resourceType"] as? String == "ServiceRequest")
            #expect(resource["id"] as? String == "exercise-1")
            let note = (resource["note"] as? [[String: Any]])?.first?["text"] as? String ?? ""
            #expect(note.contains("low"))

            // Selecting only the medication order: nothing to tailor.
            let medication = Self.orderSelectRequest.replacingOccurrences(
                of: #"["ServiceRequest/exercise-1"]"#,
                with: #"["MedicationRequest/med-1"]"#
            )
            #expect(try await client.call(.post, Self.orderSelect, headers: Self.json(), body: medication).text == #"{"cards":[]}"#)
        }
    }

    @Test("errors: missing prefetch 412, malformed 400, unknown service 404, wrong hook 400")
    func errors() async throws {
        try await withApp(configure: Self.unsigned) { client in
            let noPrefetch = """
                {"hook":"patient-view","hookInstance":"x","context":{"userId":"Practitioner/1","patientId":"1"}}
                """
            expectProblem(
                try await client.call(.post, Self.patientView, headers: Self.json(), body: noPrefetch),
                .preconditionFailed,
                mentioning: "prefetch"
            )
            expectProblem(try await client.call(.post, Self.patientView, headers: Self.json(), body: "{\"hook\":"), .badRequest)
            expectProblem(
                try await client.call(.post, Self.patientView, headers: Self.json(), body: #"{"hook":"patient-view"}"#),
                .badRequest,
                mentioning: "hookInstance"
            )
            expectProblem(
                try await client.call(.post, "/cds-services/no-such-service", headers: Self.json(), body: Self.patientViewRequest),
                .notFound,
                mentioning: "no-such-service"
            )
            expectProblem(
                try await client.call(.post, Self.orderSelect, headers: Self.json(), body: Self.patientViewRequest),
                .badRequest,
                mentioning: "order-select"
            )
            let notBundle = Self.patientViewRequest.replacingOccurrences(of: Self.conditionsBundle, with: #"{"resourceType":"Patient"}"#)
            expectProblem(try await client.call(.post, Self.patientView, headers: Self.json(), body: notBundle), .badRequest, mentioning: "Bundle")
        }
    }

    @Test("feedback is stored per card and counted; bad feedback changes nothing")
    func feedback() async throws {
        let store = try await TestStore.make(migrated: true)
        try await withApp(store: store, configure: Self.unsigned) { client in
            let body = """
                {"feedback":[{"card":"4e0a3a1d-3d1e-4c4a-8f37-2f8b6a1c9d10","outcome":"overridden",
                  "overrideReason":{"reason":{"system":"https://example.org/reasons","code":"patient-preference","display":"Patient preference"},
                  "userComment":"Prefers aquatic therapy."},"outcomeTimestamp":"2026-11-24T10:15:00Z"},
                 {"card":"4e0a3a1d-3d1e-4c4a-8f37-2f8b6a1c9d10","outcome":"accepted","acceptedSuggestions":[{"id":"s1"}],
                  "outcomeTimestamp":"2026-11-24T10:16:00Z"}]}
                """
            let response = try await client.call(.post, Self.patientView + "/feedback", headers: Self.json(), body: body)
            #expect(response.status == .ok, "\(response.text)")
            #expect(response["stored"] as? Int == 2)
            let repository = store.persistence.feedback
            #expect(try await repository.count(card: "4e0a3a1d-3d1e-4c4a-8f37-2f8b6a1c9d10") == 2)

            let bad = """
                {"feedback":[{"card":"c-2","outcome":"overridden","outcomeTimestamp":"2026-11-24T10:15:00Z"},
                             {"card":"c-2","outcome":"accepted","outcomeTimestamp":"yesterday"}]}
                """
            expectProblem(
                try await client.call(.post, Self.patientView + "/feedback", headers: Self.json(), body: bad),
                .badRequest,
                mentioning: "outcomeTimestamp"
            )
            #expect(try await repository.count(card: "c-2") == 0, "a failed request stores nothing")
            let accepted = #"{"feedback":[{"card":"c-3","outcome":"accepted","outcomeTimestamp":"2026-11-24T10:15:00Z"}]}"#
            expectProblem(
                try await client.call(.post, Self.patientView + "/feedback", headers: Self.json(), body: accepted),
                .badRequest,
                mentioning: "acceptedSuggestions"
            )
        }
    }

    @Test("feedback accepts RFC 3339 in full: fractional seconds, offsets, lower case; refuses what is not a date-time")
    func feedbackTimestamps() async throws {
        try await withApp(configure: Self.unsigned) { client in
            for timestamp in [
                "2026-11-30T10:00:00.123Z", "1985-04-12T23:20:50.52Z", "1996-12-19T16:39:57-08:00", "1937-01-01T12:00:27.87+00:20",
                "2026-11-30t10:00:00z", "1990-12-31T23:59:60Z", "2026-11-30T10:00:00.123456789Z",
            ] {
                let body = #"{"feedback":[{"card":"c-1","outcome":"overridden","outcomeTimestamp":"\#(timestamp)"}]}"#
                let response = try await client.call(.post, Self.patientView + "/feedback", headers: Self.json(), body: body)
                #expect(response.status == .ok, "\(timestamp): \(response.text)")
            }
            for timestamp in ["2026-11-30T10:00:00", "2026-11-30", "2026-02-30T10:00:00Z", "2026-11-30 10:00:00Z", "yesterday"] {
                let body = #"{"feedback":[{"card":"c-1","outcome":"overridden","outcomeTimestamp":"\#(timestamp)"}]}"#
                expectProblem(
                    try await client.call(.post, Self.patientView + "/feedback", headers: Self.json(), body: body),
                    .badRequest,
                    mentioning: "outcomeTimestamp"
                )
            }
        }
    }

    @Test("CORS: an allowlisted origin gets preflight and response headers; others get none")
    func cors() async throws {
        let configure: (inout AppConfiguration) -> Void = {
            Self.unsigned(&$0)
            $0.cdsAllowedOrigins = ["https://sandbox.cds-hooks.org"]
        }
        try await withApp(configure: configure) { client in
            let preflight = try await client.call(
                .options,
                Self.patientView,
                headers: [
                    .origin: "https://sandbox.cds-hooks.org", .accessControlRequestMethod: "POST",
                    .accessControlRequestHeaders: "authorization, content-type",
                ]
            )
            #expect(preflight.status == .noContent)
            #expect(preflight.headers[.accessControlAllowOrigin] == "https://sandbox.cds-hooks.org")
            #expect(preflight.headers[.accessControlAllowMethods]?.contains("POST") == true)
            #expect(preflight.headers[.accessControlAllowHeaders]?.lowercased().contains("authorization") == true)

            let call = try await client.call(
                .post,
                Self.patientView,
                headers: Self.json([.origin: "https://sandbox.cds-hooks.org"]),
                body: Self.patientViewRequest
            )
            #expect(call.headers[.accessControlAllowOrigin] == "https://sandbox.cds-hooks.org")

            let stranger = try await client.call(
                .options,
                Self.patientView,
                headers: [.origin: "https://evil.example", .accessControlRequestMethod: "POST"]
            )
            #expect(stranger.headers[.accessControlAllowOrigin] == nil)
            let other = try await client.call(.get, "/v1/conditions", headers: [.origin: "https://sandbox.cds-hooks.org"])
            #expect(other.headers[.accessControlAllowOrigin] == nil, "CORS covers the hook endpoints only")
        }
    }

    // MARK: JWT

    struct Claims: JWTPayload {
        var iss: IssuerClaim
        var aud: AudienceClaim
        var exp: ExpirationClaim
        var iat: IssuedAtClaim
        var jti: IDClaim
        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }

    /// A signing EHR and the trusted-issuers file for its public key.
    struct EHR {
        let keys: JWTKeyCollection
        let file: String

        static func make() async throws -> EHR {
            let key = ES384PrivateKey()
            let keys = JWTKeyCollection()
            await keys.add(ecdsa: key, kid: "ehr-key-1")
            let (x, y) = try #require(key.publicKey.parameters)
            let trusted = """
                {"issuers":[{"iss":"\(CDSHooksTests.issuer)","jwks":{"keys":[{"kty":"EC","crv":"P-384","kid":"ehr-key-1","use":"sig","x":"\(x)","y":"\(y)"}]}}]}
                """
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("cds-issuers-\(UUID()).json").path
            try trusted.write(toFile: file, atomically: true, encoding: .utf8)
            return EHR(keys: keys, file: file)
        }

        func token(
            aud: String = CDSHooksTests.publicURL + CDSHooksTests.patientView,
            expiresIn: TimeInterval = 300,
            jti: String = UUID().uuidString
        ) async throws -> String {
            let now = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
            return try await keys.sign(
                Claims(
                    iss: .init(value: CDSHooksTests.issuer),
                    aud: .init(value: [aud]),
                    exp: .init(value: now.addingTimeInterval(expiresIn)),
                    iat: .init(value: now),
                    jti: .init(value: jti)
                ),
                kid: "ehr-key-1"
            )
        }
    }

    static func base64URL(_ text: String) -> String {
        Data(text.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func claimsJSON(aud: String = publicURL + patientView) -> String {
        let now = Int(Date().timeIntervalSince1970)
        return #"{"iss":"\#(issuer)","aud":"\#(aud)","exp":\#(now + 300),"iat":\#(now),"jti":"\#(UUID().uuidString)"}"#
    }

    @Test("JWT: a valid ES384 token passes; expired, wrong aud, alg none, HS256 and a replayed jti are refused with 401")
    func jwt() async throws {
        let ehr = try await EHR.make()
        defer { try? FileManager.default.removeItem(atPath: ehr.file) }
        let configure: (inout AppConfiguration) -> Void = {
            $0.cdsPublicURL = Self.publicURL
            $0.cdsTrustedIssuersFile = ehr.file
        }
        try await withApp(configure: configure) { client in
            func call(_ token: String?) async throws -> JSONResponse {
                var headers = Self.json()
                if let token { headers[.authorization] = "Bearer \(token)" }
                return try await client.call(.post, Self.patientView, headers: headers, body: Self.patientViewRequest)
            }
            let valid = try await ehr.token()
            let accepted = try await call(valid)
            #expect(accepted.status == .ok, "\(accepted.text)")

            let replay = try await call(valid)
            expectProblem(replay, .unauthorized, mentioning: "jti")
            #expect(replay.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)

            expectProblem(try await call(try await ehr.token(expiresIn: -120)), .unauthorized, mentioning: "expired")
            expectProblem(try await call(try await ehr.token(aud: "https://other.example.org/cds-services/x")), .unauthorized, mentioning: "audience")

            let none = Self.base64URL(#"{"alg":"none","typ":"JWT","kid":"ehr-key-1"}"#) + "." + Self.base64URL(Self.claimsJSON()) + "."
            expectProblem(try await call(none), .unauthorized, mentioning: "none")

            let header = Self.base64URL(#"{"alg":"HS256","typ":"JWT","kid":"ehr-key-1"}"#)
            let payload = Self.base64URL(Self.claimsJSON())
            let mac = HMAC<SHA256>.authenticationCode(for: Data("\(header).\(payload)".utf8), using: SymmetricKey(data: Data("secret".utf8)))
            let hs256 =
                "\(header).\(payload).\(Data(mac).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: ""))"
            expectProblem(try await call(hs256), .unauthorized, mentioning: "HS256")

            expectProblem(try await call(nil), .unauthorized, mentioning: "bearer JWT")
            expectProblem(try await call("not-a-jwt"), .unauthorized, mentioning: "not a JWT")
            // The token never comes back in an answer.
            #expect(!(try await call(valid)).text.contains(valid))
        }
    }
}
