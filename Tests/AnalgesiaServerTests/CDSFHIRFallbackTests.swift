import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import Synchronization
import Testing

@testable import AnalgesiaServer

/// Without a `conditions` prefetch the service reads the problem list from the EHR's FHIR server
/// itself, but only from a server allowlisted for the caller, with bounded pages, bytes and time.
/// Runs against `FHIRTestServer` on 127.0.0.1; unsigned calls here use `cds.unsignedFhirServers`
/// (the JWT tests cover the per-issuer list).
@Suite("CDS Hooks FHIR fallback")
struct CDSFHIRFallbackTests {
    typealias F = CDSFixtures

    static let fibromyalgia = F.condition("fibro", "http://hl7.org/fhir/sid/icd-10-cm", "M79.7")
    static func others(_ count: Int) -> [String] { (0..<count).map { F.condition("o\($0)", "http://hl7.org/fhir/sid/icd-10-cm", "J45.\($0 % 10)") } }

    /// A patient-view call with no prefetch, sending `server` as fhirServer with the test token.
    static func call(server: String, token: String = FHIRTestServer.token, prefetch: String? = nil) -> String {
        F.patientView(
            prefetch: prefetch,
            extra: #","fhirServer":"\#(server)","fhirAuthorization":{"access_token":"\#(token)","token_type":"Bearer","expires_in":300,"scope":"patient/Condition.read","subject":"cds"}"#
        )
    }

    static func configure(_ fhir: FHIRTestServer, _ more: @escaping @Sendable (inout AppConfiguration) -> Void = { _ in }) -> (inout AppConfiguration) -> Void {
        { configuration in
            configuration.cdsAllowUnsigned = true
            configuration.cdsPublicURL = F.publicURL
            configuration.cdsUnsignedFHIRServers = ["\(fhir.base)/fhir", "\(fhir.base)/locked", "\(fhir.base)/slow", "\(fhir.base)/big"]
            // Generous, so a busy machine never cuts a page short; the slow-server test sets its own.
            configuration.cdsFHIRTimeout = 30
            more(&configuration)
        }
    }

    static func cards(_ response: JSONResponse) -> [[String: Any]] { response["cards"] as? [[String: Any]] ?? [] }

    @Test("no prefetch: the Conditions are read page by page with the access token, and give the card")
    func pages() async throws {
        let fhir = FHIRTestServer()
        fhir.state.withLock {
            $0.conditions = Self.others(4) + [Self.fibromyalgia]
            $0.perPage = 2
        }
        try await fhir.run {
            try await withApp(configure: Self.configure(fhir)) { client in
                let response = try await client.call(.post, F.patientView, headers: F.json(), body: Self.call(server: "\(fhir.base)/fhir"))
                #expect(response.status == .ok, "\(response.text)")
                let cards = Self.cards(response)
                #expect(cards.count == 1, "one advice card, no incompleteness card")
                #expect((cards.first?["summary"] as? String)?.contains("Fibromyalgia") == true)
                let (paths, authorizations) = fhir.state.withLock { ($0.paths, $0.authorizations) }
                #expect(paths == ["/fhir/Condition", "/fhir/Condition", "/fhir/Condition"])
                #expect(authorizations.allSatisfy { $0 == "Bearer \(FHIRTestServer.token)" })
            }
        }
    }

    @Test("more pages than cds.fhirMaxPages: the advice from the pages read, and a card saying the list was incomplete")
    func pageBound() async throws {
        let fhir = FHIRTestServer()
        fhir.state.withLock {
            $0.conditions = [Self.fibromyalgia] + Self.others(6)
            $0.perPage = 1
        }
        try await fhir.run {
            try await withApp(configure: Self.configure(fhir) { $0.cdsFHIRMaxPages = 3 }) { client in
                let response = try await client.call(.post, F.patientView, headers: F.json(), body: Self.call(server: "\(fhir.base)/fhir"))
                let cards = Self.cards(response)
                #expect(cards.count == 2)
                let notice = try #require(cards.last)
                #expect((notice["summary"] as? String)?.hasPrefix("Problem list incomplete") == true)
                #expect((notice["detail"] as? String)?.contains("more than 3 pages") == true)
                #expect(fhir.requestCount == 3)
            }
        }
    }

    @Test("a FHIR server that refuses the token, answers too slowly or too much gives 412 saying which; the token is in no answer")
    func failures() async throws {
        let fhir = FHIRTestServer()
        try await fhir.run {
            // A slow server against a short deadline; the others with time to spare, so only
            // their own failure can show.
            for (path, reason, timeout) in [
                ("locked", "refused the access token (401)", 30.0), ("slow", "did not answer in time", 0.5),
                ("big", "answered more than 65536 bytes", 30.0),
            ] {
                try await withApp(configure: Self.configure(fhir) {
                    $0.cdsFHIRTimeout = timeout
                    $0.cdsFHIRMaxBytes = 65536
                }) { client in
                    let response = try await client.call(.post, F.patientView, headers: F.json(), body: Self.call(server: "\(fhir.base)/\(path)"))
                    expectProblem(response, .preconditionFailed, mentioning: reason)
                    #expect(!response.text.contains(FHIRTestServer.token))
                }
            }
        }
    }

    @Test(
        "a fhirServer nobody allowlisted is refused with 412 before any connection: other paths, spellings, users, link-local and private hosts"
    )
    func serverSideRequestForgery() async throws {
        let fhir = FHIRTestServer()
        try await fhir.run {
            try await withApp(configure: Self.configure(fhir)) { client in
                let port = fhir.port
                for server in [
                    "http://127.0.0.1:\(port)/other", "http://localhost:\(port)/fhir", "http://127.1:\(port)/fhir",
                    "http://2130706433:\(port)/fhir", "http://user:pw@127.0.0.1:\(port)/fhir", "http://127.0.0.1:\(port)/fhir/../fhir",
                    "http://127.0.0.1:\(port)/fhir%2f..", "http://127.0.0.1:\(port)/fhir?x=1", "http://169.254.169.254/latest/meta-data",
                    "http://10.0.0.1/fhir", "http://192.168.1.1/fhir", "https://ehr.example.org/fhir", "file:///etc/passwd",
                    "gopher://127.0.0.1:\(port)/fhir", "not a url",
                ] {
                    let response = try await client.call(.post, F.patientView, headers: F.json(), body: Self.call(server: server))
                    expectProblem(response, .preconditionFailed)
                }
                #expect(fhir.requestCount == 0, "no request reached the server")
                // Unsigned calls may use only cds.unsignedFhirServers, empty by default.
            }
            try await withApp(configure: { $0.cdsAllowUnsigned = true }) { client in
                let response = try await client.call(.post, F.patientView, headers: F.json(), body: Self.call(server: "\(fhir.base)/fhir"))
                expectProblem(response, .preconditionFailed, mentioning: "cds.unsignedFhirServers")
                #expect(fhir.requestCount == 0)
            }
        }
    }

    @Test("a next link that leaves the allowlisted server is not followed; the card says the list was incomplete")
    func nextLinkOutside() async throws {
        let fhir = FHIRTestServer()
        fhir.state.withLock {
            $0.conditions = [Self.fibromyalgia]
            $0.nextOutside = true
        }
        try await fhir.run {
            try await withApp(configure: Self.configure(fhir)) { client in
                let cards = Self.cards(try await client.call(.post, F.patientView, headers: F.json(), body: Self.call(server: "\(fhir.base)/fhir")))
                #expect(cards.count == 2)
                #expect((cards.last?["detail"] as? String)?.contains("outside the allowlisted FHIR server") == true)
                #expect(fhir.requestCount == 1)
            }
        }
    }

    @Test("a paged prefetch: its next link is followed when the FHIR server may be queried; otherwise the card says the list was incomplete")
    func pagedPrefetch() async throws {
        let fhir = FHIRTestServer()
        fhir.state.withLock {
            $0.conditions = Self.others(1) + [Self.fibromyalgia]
            $0.perPage = 1
        }
        try await fhir.run {
            let next = "\(fhir.base)/fhir/Condition?patient=1288992&clinical-status=active&page=2"
            let prefetch = F.bundle([F.condition("o0", "http://hl7.org/fhir/sid/icd-10-cm", "J45.0")], next: next, total: 2)
            try await withApp(configure: Self.configure(fhir)) { client in
                let followed = try await client.call(
                    .post,
                    F.patientView,
                    headers: F.json(),
                    body: Self.call(server: "\(fhir.base)/fhir", prefetch: prefetch)
                )
                let cards = Self.cards(followed)
                #expect(cards.count == 1)
                #expect((cards.first?["summary"] as? String)?.contains("Fibromyalgia") == true)
                #expect(fhir.state.withLock { $0.paths } == ["/fhir/Condition"])

                let unfollowed = try await client.call(.post, F.patientView, headers: F.json(), body: F.patientView(prefetch: prefetch))
                let notice = try #require(Self.cards(unfollowed).first)
                #expect((notice["summary"] as? String)?.hasPrefix("Problem list incomplete") == true)
                #expect((notice["detail"] as? String)?.contains("no fhirServer") == true)
                #expect(fhir.requestCount == 1)
            }
        }
    }

    @Test("the access token reaches no log line, whatever the FHIR server does")
    func tokenNeverLogged() async throws {
        let fhir = FHIRTestServer()
        fhir.state.withLock {
            $0.conditions = [Self.fibromyalgia]
            $0.nextOutside = true
        }
        try await fhir.run {
            let captured = LogCapture()
            var logger = Logger(label: "capture") { _ in captured }
            logger.logLevel = .trace
            var configuration = testConfiguration
            Self.configure(fhir)(&configuration)
            let app = try await buildApplication(configuration: configuration, logger: logger, persistence: try await TestStore.make().persistence)
            try await app.test(.router) { client in
                for path in ["fhir", "locked", "slow", "other"] {
                    _ = try await client.call(.post, F.patientView, headers: F.json(), body: Self.call(server: "\(fhir.base)/\(path)"))
                }
            }
            #expect(captured.text.contains("Conditions read from the FHIR server"), "the capture sees the service's logs")
            #expect(!captured.text.contains(FHIRTestServer.token))
        }
    }
}
