import Foundation
import JWTKit
import Logging

/// The trusted-issuers file (`cds.trustedIssuersFile`):
///
/// ```json
/// {"issuers": [{"iss": "https://ehr.example.org",
///               "jwks": {"keys": [{"kty": "EC", "crv": "P-384", "kid": "ehr-key-1", "x": "…", "y": "…"}]},
///               "jwksURLs": ["https://ehr.example.org/.well-known/jwks.json"],
///               "fhirServers": ["https://ehr.example.org/fhir/r4"],
///               "rateLimit": {"requestsPerSecond": 50, "burst": 100}}]}
/// ```
///
/// An issuer needs `jwks`, `jwksURLs` or both. `jwksURLs` are the only places its keys are
/// fetched from (and the only `jku` values accepted); `fhirServers` the only FHIR servers the
/// service queries for its calls; `rateLimit` its own limit per tenant. URLs must be https
/// (plain http only to loopback, for tests).
struct CDSTrustedIssuers: Decodable {
    struct Issuer: Decodable {
        var iss: String
        var jwks: JWKS?
        var jwksURLs: [String]?
        var fhirServers: [String]?
        var rateLimit: CDSRateLimit?
    }

    var issuers: [Issuer]

    /// Reads the file and prepares each issuer's key set; any error names the issuer and the entry.
    static func load(file: String, fetcher: JWKSFetcher, jwksCacheTTL: Duration, logger: Logger) throws -> [CDSJWTVerifier.TrustedIssuer] {
        let data = try Data(contentsOf: URL(fileURLWithPath: file))
        let parsed = try JSONDecoder().decode(CDSTrustedIssuers.self, from: data)
        return try parsed.issuers.map { entry in
            let staticKeys = try (entry.jwks?.keys ?? []).map { key in
                guard key.keyIdentifier != nil else { throw CDSAuthError("issuer \(entry.iss): every key needs a kid") }
                do {
                    return try IssuerKeySet.pinned(key)
                } catch {
                    throw CDSAuthError("issuer \(entry.iss): \(error)")
                }
            }
            let urls = try FHIRServerAllowlist(entry.jwksURLs ?? [], origin: "issuer \(entry.iss), jwksURLs").bases.map(\.description)
            guard !staticKeys.isEmpty || !urls.isEmpty else {
                throw CDSAuthError("issuer \(entry.iss): give its keys (jwks) or where to fetch them (jwksURLs)")
            }
            if let limit = entry.rateLimit, !(limit.requestsPerSecond > 0 && limit.burst >= 1) {
                throw CDSAuthError("issuer \(entry.iss): rateLimit needs requestsPerSecond > 0 and burst >= 1")
            }
            return CDSJWTVerifier.TrustedIssuer(
                issuer: entry.iss,
                keys: IssuerKeySet(
                    issuer: entry.iss,
                    staticKeys: staticKeys,
                    jwksURLs: urls,
                    fetcher: fetcher,
                    ttl: jwksCacheTTL,
                    logger: logger
                ),
                fhirServers: try FHIRServerAllowlist(entry.fhirServers ?? [], origin: "issuer \(entry.iss), fhirServers"),
                rateLimit: entry.rateLimit
            )
        }
    }
}
