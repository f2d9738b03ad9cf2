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

/// Verifies CDS Clients' bearer JWTs against trusted issuers, each with its own JWK Set:
/// ES384 or RS384 only (never `none` or HMAC), `exp`/`iat` with 60 s leeway, `aud` equal to the
/// service's public URL (or the endpoint's URL under it), and each `jti` used once.
final class CDSJWTVerifier: Sendable {
    static let allowedAlgorithms: Set<String> = ["ES384", "RS384"]

    /// One trusted issuer and its keys; a token is verified only with its own issuer's keys.
    struct TrustedIssuer: Sendable {
        var issuer: String
        var keys: JWTKeyCollection
    }

    let issuers: [String: TrustedIssuer]
    let publicURL: String
    private let seen = Mutex<[String: Date]>([:])

    init(issuers: [TrustedIssuer], publicURL: String) {
        self.issuers = Dictionary(issuers.map { ($0.issuer, $0) }, uniquingKeysWith: { first, _ in first })
        self.publicURL = publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL
    }

    /// Loads trusted issuers from a JSON file: `{"issuers": [{"iss": "...", "jwks": {"keys": [...]}}]}`.
    /// Each key's algorithm is fixed from its type (EC P-384 → ES384, RSA → RS384); other keys are refused.
    static func load(file: String, publicURL: String) async throws -> CDSJWTVerifier {
        struct File: Decodable {
            struct Issuer: Decodable {
                var iss: String
                var jwks: JWKS
            }
            var issuers: [Issuer]
        }
        let data = try Data(contentsOf: URL(fileURLWithPath: file))
        let parsed = try JSONDecoder().decode(File.self, from: data)
        var trusted: [TrustedIssuer] = []
        for entry in parsed.issuers {
            var jwks = entry.jwks
            jwks.keys = try jwks.keys.map { key in
                var key = key
                let algorithm: JWK.Algorithm
                switch (key.keyType, key.curve?.rawValue) {
                case (.ecdsa, "P-384"?): algorithm = .es384
                case (.rsa, _): algorithm = .rs384
                default: throw CDSAuthError("issuer \(entry.iss): only EC P-384 and RSA keys are accepted")
                }
                if let declared = key.algorithm, declared != algorithm {
                    throw CDSAuthError("issuer \(entry.iss): key algorithm \(declared) is not \(algorithm)")
                }
                key.algorithm = algorithm
                return key
            }
            let keys = JWTKeyCollection()
            try await keys.add(jwks: jwks)
            // Without a default key a token whose kid matches no key is refused, not tried with the first key.
            await keys.clearDefault()
            trusted.append(TrustedIssuer(issuer: entry.iss, keys: keys))
        }
        return CDSJWTVerifier(issuers: trusted, publicURL: publicURL)
    }

    /// The verified claims of `token`, sent to `path` (e.g. /cds-services/x), or a `CDSAuthError`.
    func verify(_ token: String, path: String, now: Date = Date()) async throws -> CDSClientClaims {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let headerData = Data(base64URLEncoded: parts[0]),
            let header = try? JSONSerialization.jsonObject(with: headerData) as? [String: Any]
        else { throw CDSAuthError("the bearer token is not a JWT") }
        guard let alg = header["alg"] as? String, Self.allowedAlgorithms.contains(alg) else {
            throw CDSAuthError("the token's algorithm is \(header["alg"] as? String ?? "missing"); only ES384 and RS384 are accepted")
        }
        guard let kid = header["kid"] as? String, !kid.isEmpty else { throw CDSAuthError("the token's header has no kid") }
        guard let payloadData = Data(base64URLEncoded: parts[1]),
            let payload = try? JSONSerialization.jsonObject(with: payloadData) as? [String: Any],
            let issuer = payload["iss"] as? String
        else { throw CDSAuthError("the token has no issuer") }
        guard let trusted = issuers[issuer] else { throw CDSAuthError("the issuer \(issuer.prefix(100)) is not trusted") }

        let claims: CDSClientClaims
        do {
            claims = try await trusted.keys.verify(token, as: CDSClientClaims.self)
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
        return claims
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
