/// An API key as stored: never the token, only its SHA-256.
struct APIKeyRecord: Sendable, Hashable {
    var id: String
    var name: String
    var role: APIKeyRole
    var createdAt: String
    var revokedAt: String?
}
