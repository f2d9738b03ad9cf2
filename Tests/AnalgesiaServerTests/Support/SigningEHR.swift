import Crypto
import Foundation
import JWTKit

/// An EHR that signs CDS Hooks JWTs with ES384 keys it can rotate, and publishes them as a JWK Set.
struct SigningEHR: Sendable {
    struct Claims: JWTPayload {
        var iss: IssuerClaim
        var aud: AudienceClaim
        var exp: ExpirationClaim
        var iat: IssuedAtClaim
        var jti: IDClaim
        var tenant: String?
        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }

    let keys: JWTKeyCollection
    let publicKeys: [String: PublicKey]

    struct PublicKey: Sendable {
        var x: String
        var y: String
    }

    /// Keys with these kids.
    static func make(kids: [String]) async throws -> SigningEHR {
        let keys = JWTKeyCollection()
        var published: [String: PublicKey] = [:]
        for kid in kids {
            let key = ES384PrivateKey()
            await keys.add(ecdsa: key, kid: JWKIdentifier(string: kid))
            guard let (x, y) = key.publicKey.parameters else { throw JWTError.generic(identifier: "ehr", reason: "no key parameters") }
            published[kid] = PublicKey(x: x, y: y)
        }
        return SigningEHR(keys: keys, publicKeys: published)
    }


    /// A JWK Set with the public keys of `kids`.
    func jwks(_ kids: [String]) -> String {
        let entries = kids.compactMap { kid in
            publicKeys[kid].map { #"{"kty":"EC","crv":"P-384","kid":"\#(kid)","use":"sig","x":"\#($0.x)","y":"\#($0.y)"}"# }
        }
        return #"{"keys":[\#(entries.joined(separator: ","))]}"#
    }

    /// A token signed with `kid`'s key (which must be one of the EHR's), optionally naming a `jku`.
    func token(kid: String, aud: String = CDSFixtures.publicURL + CDSFixtures.patientView, tenant: String? = nil, jku: String? = nil) async throws -> String {
        let now = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
        var header = JWTHeader()
        if let jku { header.fields["jku"] = .string(jku) }
        return try await keys.sign(
            Claims(
                iss: .init(value: CDSFixtures.issuer),
                aud: .init(value: [aud]),
                exp: .init(value: now.addingTimeInterval(300)),
                iat: .init(value: now),
                jti: .init(value: UUID().uuidString),
                tenant: tenant
            ),
            kid: JWKIdentifier(string: kid),
            header: header
        )
    }
}
