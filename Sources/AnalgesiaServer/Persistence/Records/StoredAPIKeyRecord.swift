import Foundation
import GRDB

/// An API key's row: the SHA-256 of its token, never the token.
struct StoredAPIKeyRecord: StoredRecord {
    static let databaseTableName = "api_key"
    var id: String
    var name: String
    var role: String
    var tokenSha256: Data
    var createdAt: String
    var revokedAt: String?
}

extension StoredAPIKeyRecord {
    /// The key without its digest; an unknown stored role reads as the weakest.
    var key: APIKeyRecord {
        APIKeyRecord(id: id, name: name, role: APIKeyRole(rawValue: role) ?? .reader, createdAt: createdAt, revokedAt: revokedAt)
    }
}
