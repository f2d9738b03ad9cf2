import Foundation

/// Where API keys are kept: never a token, only its SHA-256 digest.
protocol APIKeyRepository: Sendable {
    /// Stores a new key with the digest of its token.
    func insert(_ key: APIKeyRecord, tokenDigest: Data) async throws
    /// Every key, oldest first.
    func list() async throws -> [APIKeyRecord]
    /// Marks the key revoked at `at` (a revoked key stays revoked); false when no key has this id.
    func revoke(id: String, at: String) async throws -> Bool
    /// The key whose token has this digest, with the digest as stored (to compare in constant time).
    func key(tokenDigest: Data) async throws -> (key: APIKeyRecord, storedDigest: Data)?
}
