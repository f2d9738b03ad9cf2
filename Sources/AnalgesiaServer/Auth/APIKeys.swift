import Crypto
import Foundation
import GRDB
import Synchronization

/// What an API key may do. Each role may do what the roles before it may.
enum APIKeyRole: String, CaseIterable, Codable, Sendable, Comparable {
    case reader, curator, admin

    static func < (lhs: APIKeyRole, rhs: APIKeyRole) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// An API key as stored: never the token, only its SHA-256.
struct APIKeyRecord: Sendable, Hashable {
    var id: String
    var name: String
    var role: APIKeyRole
    var createdAt: String
    var revokedAt: String?
}

/// Creates, lists, revokes and verifies API keys. Tokens are 32 random bytes (base64url, with an
/// `eak_` prefix so that secret scanners can spot them); only their SHA-256 is stored, and a
/// presented token is compared with the stored digest in constant time.
struct APIKeyStore: Sendable {
    let database: AppDatabase
    /// Keys verified in the last few seconds, so that keyed reads do not each wait for a
    /// database read (that wait cut a keyed GET to a third of an anonymous one's throughput).
    let verified: VerifiedKeys

    static let tokenPrefix = "eak_"

    /// How long a verified key is trusted without looking again: the longest a key revoked by
    /// another process (`exercise-analgesia keys revoke`) keeps working here. A key revoked
    /// through `DELETE /v1/keys/{id}` stops at once.
    static let verificationLifetime: Duration = .seconds(5)

    init(database: AppDatabase, verificationLifetime: Duration = Self.verificationLifetime) {
        self.database = database
        verified = VerifiedKeys(lifetime: verificationLifetime)
    }

    /// A new key; the token is returned here and nowhere else.
    func create(name: String, role: APIKeyRole, now: Date = Date()) async throws -> (APIKeyRecord, token: String) {
        let token = Self.tokenPrefix + Data(Self.randomBytes(32)).base64URLEncodedString
        let id = "key_" + Self.randomBytes(6).map { String(format: "%02x", $0) }.joined()
        let record = APIKeyRecord(id: id, name: name, role: role, createdAt: CurationStore.timestamp(now), revokedAt: nil)
        try await database.write { db in
            try db.execute(
                sql: "INSERT INTO api_key (id, name, role, token_sha256, created_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [id, name, role.rawValue, Self.digest(token), record.createdAt]
            )
        }
        return (record, token)
    }

    func list() async throws -> [APIKeyRecord] {
        try await database.read { db in
            try Row.fetchAll(db, sql: "SELECT id, name, role, created_at, revoked_at FROM api_key ORDER BY created_at, id").map {
                APIKeyRecord(
                    id: $0["id"],
                    name: $0["name"],
                    role: APIKeyRole(rawValue: $0["role"]) ?? .reader,
                    createdAt: $0["created_at"],
                    revokedAt: $0["revoked_at"]
                )
            }
        }
    }

    /// Revokes the key; false when no key has this id.
    func revoke(id: String, now: Date = Date()) async throws -> Bool {
        // After the write: a lookup that saw the key alive is dropped, and none is kept later.
        defer { verified.forget(keyID: id) }
        return try await database.write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM api_key WHERE id = ?", arguments: [id]) != nil else { return false }
            try db.execute(
                sql: "UPDATE api_key SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                arguments: [CurationStore.timestamp(now), id]
            )
            return true
        }
    }

    /// The principal a token stands for, or nil for an unknown or revoked token.
    func authenticate(_ token: String, now: ContinuousClock.Instant = .now) async throws -> Principal? {
        guard token.hasPrefix(Self.tokenPrefix), token.utf8.count <= 100 else { return nil }
        let presented = Self.digest(token)
        if let principal = verified.principal(for: presented, now: now) { return principal }
        let generation = verified.generation
        let principal = try await database.read { db -> Principal? in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: "SELECT id, role, token_sha256, revoked_at FROM api_key WHERE token_sha256 = ?",
                    arguments: [presented]
                )
            else { return nil }
            let stored: Data = row["token_sha256"]
            guard Self.constantTimeEqual(stored, presented), row["revoked_at"] as String? == nil,
                let role = APIKeyRole(rawValue: row["role"])
            else { return nil }
            return Principal(keyID: row["id"], role: role)
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

/// Keys verified recently, by token digest: only successes are kept (made-up tokens are rate
/// limited by address instead), each for `lifetime`, at most `capacity` of them. Every revocation
/// moves `generation` on, and a verification that read the database before one is not kept, so
/// a lookup racing a revocation cannot bring the revoked key back.
final class VerifiedKeys: Sendable {
    let lifetime: Duration
    let capacity: Int
    private let state = Mutex<State>(State())

    private struct State {
        var entries: [Data: (principal: Principal, until: ContinuousClock.Instant)] = [:]
        var generation = 0
    }

    init(lifetime: Duration, capacity: Int = 1024) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    var generation: Int { state.withLock { $0.generation } }

    func principal(for digest: Data, now: ContinuousClock.Instant) -> Principal? {
        state.withLock { state in
            guard let entry = state.entries[digest] else { return nil }
            if entry.until > now { return entry.principal }
            state.entries[digest] = nil
            return nil
        }
    }

    func remember(_ principal: Principal, for digest: Data, now: ContinuousClock.Instant, ifStill generation: Int) {
        guard lifetime > .zero else { return }
        state.withLock { state in
            guard state.generation == generation else { return }
            if state.entries.count >= capacity { state.entries = state.entries.filter { $0.value.until > now } }
            if state.entries.count >= capacity { state.entries.removeAll(keepingCapacity: true) }
            state.entries[digest] = (principal, now + lifetime)
        }
    }

    func forget(keyID: String) {
        state.withLock { state in
            state.generation += 1
            state.entries = state.entries.filter { $0.value.principal.keyID != keyID }
        }
    }
}
