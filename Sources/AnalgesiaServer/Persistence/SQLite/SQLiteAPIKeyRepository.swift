import Foundation
import GRDB

/// API keys in SQLite.
struct SQLiteAPIKeyRepository: APIKeyRepository {
    let database: AppDatabase

    func insert(_ key: APIKeyRecord, tokenDigest: Data) async throws {
        try await database.write { db in
            try StoredAPIKeyRecord(
                id: key.id,
                name: key.name,
                role: key.role.rawValue,
                tokenSha256: tokenDigest,
                createdAt: key.createdAt,
                revokedAt: key.revokedAt
            ).insert(db)
        }
    }

    func list() async throws -> [APIKeyRecord] {
        try await database.read { db in
            try StoredAPIKeyRecord.order(Column("created_at"), Column("id")).fetchAll(db).map(\.key)
        }
    }

    func revoke(id: String, at: String) async throws -> Bool {
        try await database.write { db in
            guard try StoredAPIKeyRecord.exists(db, key: id) else { return false }
            try StoredAPIKeyRecord.filter(Column("id") == id && Column("revoked_at") == nil)
                .updateAll(db, Column("revoked_at").set(to: at))
            return true
        }
    }

    func key(tokenDigest: Data) async throws -> (key: APIKeyRecord, storedDigest: Data)? {
        try await database.read { db in
            try StoredAPIKeyRecord.filter(Column("token_sha256") == tokenDigest).fetchOne(db).map { ($0.key, $0.tokenSha256) }
        }
    }
}
