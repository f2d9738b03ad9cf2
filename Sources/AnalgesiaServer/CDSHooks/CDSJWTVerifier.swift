import Foundation
import JWTKit
import Synchronization

/// The claims a CDS Client's bearer JWT carries (CDS Hooks 2.0: iss, aud, exp, iat, jti;
/// `sub` and `tenant` are optional).
struct CDSClientClaims: JWTPayload {
    var iss: IssuerClaim
    var aud: AudienceClaim
    var exp: ExpirationClaim
    var iat: IssuedAtClaim
    var jti: IDClaim
    var sub: SubjectClaim?
    var tenant: String?

    /// Clock skew tolerated on `exp` and `iat`.
    static let leeway: TimeInterval = 60

    func verify(using algorithm: some JWTAlgorithm) async throws {
        guard CDSJWTVerifier.allowedAlgorithms.contains(algorithm.name) else {
            throw CDSAuthError("the token is signed with \(algorithm.name); only ES384 and RS384 are accepted")
        }
        let now = Date()
        do {
            try exp.verifyNotExpired(currentDate: now.addingTimeInterval(-Self.leeway))
        } catch {
            throw CDSAuthError("the token has expired")
        }
        guard iat.value <= now.addingTimeInterval(Self.leeway) else {
            throw CDSAuthError("the token was issued in the future (iat)")
        }
    }
}

/// Why a bearer token was refused; the message is safe to show (it never contains the token).
struct CDSAuthError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Verifies CDS Clients' bearer JWTs against trusted issuers, each with its own keys
/// (`IssuerKeySet`: the file's JWK Set and the JWK Sets fetched from its allowlisted URLs):
/// ES384 or RS384 only (never `none` or HMAC), `exp`/`iat` with 60 s leeway, `aud` equal to the
/// service's public URL (or the endpoint's URL under it), and each `jti` used once. A `jku` header
/// must be one of the issuer's allowlisted JWK Set URLs; the service never fetches a URL that only
/// a token names.
final class CDSJWTVerifier: Sendable {
    static let allowedAlgorithms: Set<String> = ["ES384", "RS384"]

    /// One trusted issuer: its keys, the FHIR servers it lets the service query, its rate limit.
    struct TrustedIssuer: Sendable {
        var issuer: String
        var keys: IssuerKeySet
        var fhirServers: FHIRServerAllowlist = .none
        var rateLimit: CDSRateLimit?
    }

    let issuers: [String: TrustedIssuer]
    let publicURL: String
    private let seen = Mutex<[String: Date]>([:])

    init(issuers: [TrustedIssuer], publicURL: String) {
        self.issuers = Dictionary(issuers.map { ($0.issuer, $0) }, uniquingKeysWith: { first, _ in first })
        self.publicURL = publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL
    }

    /// The members of a token's header the service reads before verifying it.
    private struct Header: Decodable {
        var alg: String?
        var kid: String?
        var jku: String?
    }

    /// The issuer, read (unverified) to choose the keys.
    private struct UnverifiedPayload: Decodable {
        var iss: String?
    }

    /// The verified caller of `token`, sent to `path` (e.g. /cds-services/x), or a `CDSAuthError`.
    func verify(_ token: String, path: String, now: Date = Date()) async throws -> CDSClientIdentity {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let headerData = Data(base64URLEncoded: parts[0]),
            let header = try? JSONDecoder().decode(Header.self, from: headerData)
        else { throw CDSAuthError("the bearer token is not a JWT") }
        guard let alg = header.alg, Self.allowedAlgorithms.contains(alg) else {
            throw CDSAuthError("the token's algorithm is \(header.alg?.prefix(20) ?? "missing"); only ES384 and RS384 are accepted")
        }
        guard let kid = header.kid, !kid.isEmpty else { throw CDSAuthError("the token's header has no kid") }
        guard let payloadData = Data(base64URLEncoded: parts[1]),
            let issuer = (try? JSONDecoder().decode(UnverifiedPayload.self, from: payloadData))?.iss
        else { throw CDSAuthError("the token has no issuer") }
        guard let trusted = issuers[issuer] else { throw CDSAuthError("the issuer \(issuer.prefix(100)) is not trusted") }
        if let jku = header.jku, !(await trusted.keys.allows(jku: jku)) {
            throw CDSAuthError("the token's jku \(jku.prefix(200)) is not one of the JWK Set URLs allowlisted for its issuer")
        }

        let keys = await trusted.keys.keys(for: kid)
        let claims: CDSClientClaims
        do {
            claims = try await keys.verify(token, as: CDSClientClaims.self)
        } catch let error as CDSAuthError {
            throw error
        } catch {
            throw CDSAuthError("the token's signature or claims did not verify")
        }
        guard claims.iss.value == issuer else { throw CDSAuthError("the token's issuer changed") }
        let audiences = [publicURL, publicURL + "/cds-services", publicURL + path]
        guard claims.aud.value.contains(where: audiences.contains) else {
            throw CDSAuthError("the token's audience is not this service (\(publicURL + path))")
        }
        try remember(issuer: issuer, jti: claims.jti.value, until: claims.exp.value.addingTimeInterval(CDSClientClaims.leeway), now: now)
        return CDSClientIdentity(
            issuer: issuer,
            tenant: claims.tenant.map { String($0.prefix(200)) },
            fhirServers: trusted.fhirServers,
            rateLimit: trusted.rateLimit
        )
    }

    /// Records a token id; a second use before it expires is a replay.
    private func remember(issuer: String, jti: String, until expiry: Date, now: Date) throws {
        let key = issuer + "|" + jti
        let replayed = seen.withLock { seen -> Bool in
            seen = seen.filter { $0.value > now }
            if seen[key] != nil { return true }
            seen[key] = expiry
            return false
        }
        if replayed { throw CDSAuthError("the token's jti has been used before") }
    }
}
