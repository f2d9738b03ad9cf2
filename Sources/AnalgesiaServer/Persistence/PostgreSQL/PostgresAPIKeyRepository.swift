import Foundation
import PostgresNIO

/// API keys in PostgreSQL. Revoking one notifies 'api_key_revoked' (a trigger of
/// 0002_pg_search_and_change_tracking), so every replica forgets it at once.
struct PostgresAPIKeyRepository: APIKeyRepository {
    let database: PostgresBackend

    func insert(_ key: APIKeyRecord, tokenDigest: Data) async throws {
        let logger = database.logger
        try await database.withConnection { connection in
            try await connection.query(
                """
                INSERT INTO api_key (id, name, role, token_sha256, created_at)
                VALUES (\(key.id), \(key.name), \(key.role.rawValue), \(tokenDigest), \(key.createdAt))
                """,
                logger: logger
            )
        }
    }

    func list() async throws -> [APIKeyRecord] {
        let logger = database.logger
        return try await database.withConnection { connection in
            var keys: [APIKeyRecord] = []
            let rows = try await connection.query(
                "SELECT id, name, role, created_at, revoked_at FROM api_key ORDER BY created_at, id",
                logger: logger
            )
            for try await (id, name, role, createdAt, revokedAt) in rows.decode((String, String, String, String, String?).self) {
                keys.append(
                    APIKeyRecord(id: id, name: name, role: APIKeyRole(rawValue: role) ?? .reader, createdAt: createdAt, revokedAt: revokedAt)
                )
            }
            return keys
        }
    }

    func revoke(id: String, at: String) async throws -> Bool {
        let logger = database.logger
        return try await database.withConnection { connection in
            let rows = try await connection.query(
                """
                UPDATE api_key SET revoked_at = coalesce(revoked_at, \(at)) WHERE id = \(id) RETURNING id
                """,
                logger: logger
            )
            for try await _ in rows.decode(String.self) { return true }
            return false
        }
    }

    func key(tokenDigest: Data) async throws -> (key: APIKeyRecord, storedDigest: Data)? {
        let logger = database.logger
        return try await database.withConnection { connection in
            let rows = try await connection.query(
                "SELECT id, name, role, token_sha256, created_at, revoked_at FROM api_key WHERE token_sha256 = \(tokenDigest)",
                logger: logger
            )
            for try await (id, name, role, digest, createdAt, revokedAt) in rows.decode((String, String, String, Data, String, String?).self) {
                guard let role = APIKeyRole(rawValue: role) else { return nil }
                return (APIKeyRecord(id: id, name: name, role: role, createdAt: createdAt, revokedAt: revokedAt), digest)
            }
            return nil
        }
    }
}
