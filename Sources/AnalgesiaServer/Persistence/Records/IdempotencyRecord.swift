import Foundation
import GRDB

/// The first answer to a create sent with an Idempotency-Key.
struct IdempotencyRecord: StoredRecord {
    static let databaseTableName = "idempotency"
    var keyId: String
    var idempotencyKey: String
    var requestSha256: String
    var status: Int
    var location: String?
    var etag: String?
    var kbVersion: String
    var body: String
    var createdAt: String

    init(_ answer: StoredAnswer) {
        keyId = answer.keyID
        idempotencyKey = answer.idempotencyKey
        requestSha256 = answer.requestSHA256
        status = 201
        location = answer.location
        etag = answer.etag
        kbVersion = answer.knowledgeBaseVersion
        body = answer.body
        createdAt = StoredTimestamp.text(answer.createdAt)
    }

    var answer: StoredAnswer {
        StoredAnswer(
            keyID: keyId,
            idempotencyKey: idempotencyKey,
            requestSHA256: requestSha256,
            location: location ?? "",
            etag: etag,
            knowledgeBaseVersion: kbVersion,
            body: body,
            createdAt: StoredTimestamp.date(createdAt) ?? .distantPast
        )
    }
}
