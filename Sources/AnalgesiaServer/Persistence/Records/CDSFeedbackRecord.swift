import Foundation
import GRDB

/// One CDS Hooks feedback entry as stored.
struct CDSFeedbackRecord: StoredRecord {
    static let databaseTableName = "cds_feedback"
    var id: Int64?
    var serviceId: String
    var cardUuid: String
    var outcome: String
    var acceptedSuggestions: String
    var overrideReasonSystem: String?
    var overrideReasonCode: String?
    var overrideReasonDisplay: String?
    var userComment: String?
    var outcomeTimestamp: String
    var receivedAt: String

    init(_ entry: CDSFeedbackEntry, receivedAt: Date) throws {
        id = nil
        serviceId = entry.serviceID
        cardUuid = entry.cardUUID
        outcome = entry.outcome
        acceptedSuggestions = try jsonArrayText(entry.acceptedSuggestions)
        overrideReasonSystem = entry.overrideReasonSystem
        overrideReasonCode = entry.overrideReasonCode
        overrideReasonDisplay = entry.overrideReasonDisplay
        userComment = entry.userComment
        outcomeTimestamp = entry.outcomeTimestamp
        self.receivedAt = ISO8601DateFormatter().string(from: receivedAt)
    }
}
