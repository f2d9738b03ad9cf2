import Crypto
import Foundation
import Synchronization

/// Creates, lists, revokes and verifies API keys. Tokens are 32 random bytes (base64url, with an
/// `eak_` prefix so that secret scanners can spot them); only their SHA-256 is stored, and a
/// presented token is compared with the stored digest in constant time.
struct APIKeyStore: Sendable {
    let repository: any APIKeyRepository
    /// Keys verified in the last few seconds, so that keyed reads do not each wait for a
    /// database read (that wait cut a keyed GET to a third of an anonymous one's throughput).
    let verified: VerifiedKeys

    static let tokenPrefix = "eak_"

    /// How long a verified key is trusted without looking again: the longest a key revoked by
    /// another process (`exercise-analgesia keys revoke`) keeps working here. A key revoked
    /// through `DELETE /v1/keys/{id}` stops at once.
    static let verificationLifetime: Duration = .seconds(5)

    init(repository: any APIKeyRepository, verificationLifetime: Duration = Self.verificationLifetime) {
        self.repository = repository
        verified = VerifiedKeys(lifetime: verificationLifetime)
    }

    /// A new key; the token is returned here and nowhere else.
    func create(name: String, role: APIKeyRole, now: Date = Date()) async throws -> (APIKeyRecord, token: String) {
        let token = Self.tokenPrefix + Data(Self.randomBytes(32)).base64URLEncodedString
        let id = "key_" + Self.randomBytes(6).map { String(format: "%02x", $0) }.joined()
        let record = APIKeyRecord(id: id, name: name, role: role, createdAt: StoredTimestamp.text(now), revokedAt: nil)
        try await repository.insert(record, tokenDigest: Self.digest(token))
        return (record, token)
    }

    func list() async throws -> [APIKeyRecord] {
        try await repository.list()
    }

    /// Revokes the key; false when no key has this id.
    func revoke(id: String, now: Date = Date()) async throws -> Bool {
        // After the write: a lookup that saw the key alive is dropped, and none is kept later.
        defer { verified.forget(keyID: id) }
        return try await repository.revoke(id: id, at: StoredTimestamp.text(now))
    }

    /// The principal a token stands for, or nil for an unknown or revoked token.
    func authenticate(_ token: String, now: ContinuousClock.Instant = .now) async throws -> Principal? {
        guard token.hasPrefix(Self.tokenPrefix), token.utf8.count <= 100 else { return nil }
        let presented = Self.digest(token)
        if let principal = verified.principal(for: presented, now: now) { return principal }
        let generation = verified.generation
        var principal: Principal?
        if let (key, stored) = try await repository.key(tokenDigest: presented), Self.constantTimeEqual(stored, presented),
            key.revokedAt == nil
        {
            principal = Principal(keyID: key.id, role: key.role)
        }
        if let principal { verified.remember(principal, for: presented, now: now, ifStill: generation) }
        return principal
    }

    static func digest(_ token: String) -> Data {
        Data(SHA256.hash(data: Data(token.utf8)))
    }

    /// Compares every byte whatever the first difference, so timing says nothing about where it is.
    static func constantTimeEqual(_ lhs: Data, _ rhs: Data) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for (left, right) in zip(lhs, rhs) { difference |= left ^ right }
        return difference == 0
    }

    static func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }
}
