import Foundation

/// The first answer to a create sent with an Idempotency-Key, remembered per key holder.
struct StoredAnswer: Sendable {
    var keyID: String
    var idempotencyKey: String
    var requestSHA256: String
    var location: String
    var etag: String?
    var knowledgeBaseVersion: String
    /// The created item's representation, canonical JSON.
    var body: String
    var createdAt: Date
}
