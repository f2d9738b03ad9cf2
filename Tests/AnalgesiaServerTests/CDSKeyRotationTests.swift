import Foundation
import HTTPTypes
import HummingbirdTesting
import Synchronization
import Testing

@testable import AnalgesiaServer

/// An issuer whose keys come from its JWK Set URL: rotation without a restart, `jku` only from the
/// allowlist, the issuer's own FHIR servers, and rate limits per issuer and tenant.
@Suite("CDS Hooks issuers: key rotation, jku, FHIR servers, rate limits")
struct CDSKeyRotationTests {
    typealias F = CDSFixtures

    /// A trusted-issuers file for `fhir`'s JWK Set and FHIR server; removed by the caller.
    static func issuersFile(_ fhir: FHIRTestServer, rateLimit: String = "") throws -> String {
        let text = """
            {"issuers":[{"iss":"\(F.issuer)","jwksURLs":["\(fhir.base)/jwks"],"fhirServers":["\(fhir.base)/fhir"]\(rateLimit)}]}
            """
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("cds-issuers-\(UUID()).json").path
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    static func signed(_ token: String) -> HTTPFields { F.json([.authorization: "Bearer \(token)"]) }

    static let prefetched = F.patientView(prefetch: F.bundle([F.condition("c1", "http://hl7.org/fhir/sid/icd-10-cm", "M79.7")]))

    @Test("a key the EHR rotates into its JWK Set works without a restart; an unknown kid refetches once, not on every token")
    func rotation() async throws {
        let ehr = try await SigningEHR.make(kids: ["k1", "k2", "k3"])
        let fhir = FHIRTestServer()
        fhir.state.withLock { $0.jwks = ehr.jwks(["k1"]) }
        try await fhir.run {
            let file = try Self.issuersFile(fhir)
            defer { try? FileManager.default.removeItem(atPath: file) }
            try await withApp(configure: {
                $0.cdsPublicURL = F.publicURL
                $0.cdsTrustedIssuersFile = file
            }) { client in
                let first = try await client.call(.post, F.patientView, headers: Self.signed(try await ehr.token(kid: "k1")), body: Self.prefetched)
                #expect(first.status == .ok, "\(first.text)")
                #expect(fhir.state.withLock { $0.paths } == ["/jwks"])

                fhir.state.withLock { $0.jwks = ehr.jwks(["k1", "k2"]) }
                let rotated = try await client.call(.post, F.patientView, headers: Self.signed(try await ehr.token(kid: "k2")), body: Self.prefetched)
                #expect(rotated.status == .ok, "\(rotated.text)")
                #expect(fhir.requestCount == 2)

                // k3 is not published: refused, and within the refetch interval nothing is fetched again.
                for _ in 0..<3 {
                    let unknown = try await client.call(.post, F.patientView, headers: Self.signed(try await ehr.token(kid: "k3")), body: Self.prefetched)
                    expectProblem(unknown, .unauthorized, mentioning: "did not verify")
                }
                #expect(fhir.requestCount == 2)
            }
        }
    }

    @Test("a jku header is accepted only when it is one of the issuer's allowlisted JWK Set URLs; another is never fetched")
    func jku() async throws {
        let ehr = try await SigningEHR.make(kids: ["k1"])
        let fhir = FHIRTestServer()
        fhir.state.withLock { $0.jwks = ehr.jwks(["k1"]) }
        try await fhir.run {
            let file = try Self.issuersFile(fhir)
            defer { try? FileManager.default.removeItem(atPath: file) }
            try await withApp(configure: {
                $0.cdsPublicURL = F.publicURL
                $0.cdsTrustedIssuersFile = file
            }) { client in
                let allowed = try await ehr.token(kid: "k1", jku: "\(fhir.base)/jwks")
                #expect(try await client.call(.post, F.patientView, headers: Self.signed(allowed), body: Self.prefetched).status == .ok)
                for jku in ["\(fhir.base)/evil-jwks", "http://169.254.169.254/jwks", "https://attacker.example/jwks.json"] {
                    let token = try await ehr.token(kid: "k1", jku: jku)
                    expectProblem(try await client.call(.post, F.patientView, headers: Self.signed(token), body: Self.prefetched), .unauthorized, mentioning: "jku")
                }
                #expect(fhir.state.withLock { $0.paths } == ["/jwks"])
            }
        }
    }

    @Test("a verified issuer's calls may use its own allowlisted FHIR server, and no other")
    func issuerFHIRServers() async throws {
        let ehr = try await SigningEHR.make(kids: ["k1"])
        let fhir = FHIRTestServer()
        fhir.state.withLock {
            $0.jwks = ehr.jwks(["k1"])
            $0.conditions = [F.condition("c1", "http://hl7.org/fhir/sid/icd-10-cm", "M79.7")]
        }
        try await fhir.run {
            let file = try Self.issuersFile(fhir)
            defer { try? FileManager.default.removeItem(atPath: file) }
            try await withApp(configure: {
                $0.cdsPublicURL = F.publicURL
                $0.cdsTrustedIssuersFile = file
                $0.cdsFHIRTimeout = 30
            }) { client in
                let allowed = CDSFHIRFallbackTests.call(server: "\(fhir.base)/fhir")
                let response = try await client.call(.post, F.patientView, headers: Self.signed(try await ehr.token(kid: "k1")), body: allowed)
                #expect(response.status == .ok, "\(response.text)")
                #expect((response["cards"] as? [[String: Any]])?.count == 1)
                let other = CDSFHIRFallbackTests.call(server: "\(fhir.base)/locked")
                expectProblem(
                    try await client.call(.post, F.patientView, headers: Self.signed(try await ehr.token(kid: "k1")), body: other),
                    .preconditionFailed,
                    mentioning: "not allowlisted for the issuer"
                )
                #expect(fhir.state.withLock { $0.paths } == ["/jwks", "/fhir/Condition"])
            }
        }
    }

    @Test("hook calls are rate-limited per verified issuer and tenant, at the issuer's own limit")
    func rateLimits() async throws {
        let ehr = try await SigningEHR.make(kids: ["k1"])
        let fhir = FHIRTestServer()
        fhir.state.withLock { $0.jwks = ehr.jwks(["k1"]) }
        try await fhir.run {
            let file = try Self.issuersFile(fhir, rateLimit: #","rateLimit":{"requestsPerSecond":0.01,"burst":2}"#)
            defer { try? FileManager.default.removeItem(atPath: file) }
            try await withApp(configure: {
                $0.cdsPublicURL = F.publicURL
                $0.cdsTrustedIssuersFile = file
                $0.rateRequestsPerSecond = 100
                $0.rateBurst = 100
            }) { client in
                for _ in 0..<2 {
                    let ok = try await client.call(.post, F.patientView, headers: Self.signed(try await ehr.token(kid: "k1", tenant: "hospital-a")), body: Self.prefetched)
                    #expect(ok.status == .ok)
                }
                let limited = try await client.call(.post, F.patientView, headers: Self.signed(try await ehr.token(kid: "k1", tenant: "hospital-a")), body: Self.prefetched)
                expectProblem(limited, .tooManyRequests, mentioning: "0.01 requests per second")
                #expect(limited.headers[.retryAfter] != nil)
                // Another tenant of the same issuer, and the address's own bucket, are untouched.
                let other = try await client.call(.post, F.patientView, headers: Self.signed(try await ehr.token(kid: "k1", tenant: "hospital-b")), body: Self.prefetched)
                #expect(other.status == .ok)
                #expect(try await client.call(.get, "/v1/conditions").status == .ok)
            }
        }
    }

    @Test("the trusted-issuers file refuses entries it cannot use, naming them")
    func fileErrors() throws {
        for (text, mention) in [
            (#"{"issuers":[{"iss":"x"}]}"#, "jwks"),
            (#"{"issuers":[{"iss":"x","jwksURLs":["http://ehr.example.org/jwks"]}]}"#, "https"),
            (#"{"issuers":[{"iss":"x","jwksURLs":["https://ehr.example.org/jwks"],"fhirServers":["https://u:p@ehr.example.org/fhir"]}]}"#, "fhirServers"),
            (#"{"issuers":[{"iss":"x","jwksURLs":["https://ehr.example.org/jwks"],"rateLimit":{"requestsPerSecond":0,"burst":1}}]}"#, "rateLimit"),
        ] {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("cds-issuers-\(UUID()).json").path
            try text.write(toFile: file, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(atPath: file) }
            var configuration = testConfiguration
            configuration.cdsTrustedIssuersFile = file
            let error = #expect(throws: (any Error).self) { try CDSSettings(configuration: configuration, logger: quietLogger) }
            #expect("\(error.map { "\($0)" } ?? "")".contains(mention), "\(text)")
        }
    }
}
