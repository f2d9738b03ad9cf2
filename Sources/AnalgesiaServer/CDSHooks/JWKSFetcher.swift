import Foundation
import JWTKit
import Logging
import NIOCore

/// Fetches an issuer's JWK Set from one of its allowlisted URLs (never from a URL only a token
/// names), within a deadline and a size cap, with no redirects (`OutboundHTTPClient`).
struct JWKSFetcher: Sendable {
    let http: OutboundHTTPClient
    var timeout: Duration = .seconds(5)
    var maxBytes = 256 * 1024

    func fetch(_ url: String) async throws(CDSAuthError) -> JWKS {
        let response: OutboundHTTPClient.Response
        do {
            response = try await http.get(url, headers: [("Accept", "application/json")], timeout: timeout, maxBytes: maxBytes)
        } catch {
            throw CDSAuthError("the issuer's JWK Set at \(url) \(error)")
        }
        guard response.status == 200 else { throw CDSAuthError("the issuer's JWK Set at \(url) answered \(response.status)") }
        do {
            return try JSONDecoder().decode(JWKS.self, from: Data(response.body.readableBytesView))
        } catch {
            throw CDSAuthError("the issuer's JWK Set at \(url) is not a JWK Set")
        }
    }
}
