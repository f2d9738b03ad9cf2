import Foundation
import GRDB

/// One CDS Hooks feedback entry, as received.
struct CDSFeedbackEntry: Sendable, Hashable {
    var serviceID: String
    var cardUUID: String
    var outcome: String
    var acceptedSuggestions: [String]
    var overrideReasonSystem: String?
    var overrideReasonCode: String?
    var overrideReasonDisplay: String?
    var userComment: String?
    var outcomeTimestamp: String
}

/// Where CDS Hooks feedback is kept.
protocol FeedbackRepository: Sendable {
    /// Stores all entries in one transaction (all or none); returns how many were stored.
    func store(_ entries: [CDSFeedbackEntry], receivedAt: Date) async throws -> Int
    /// How many entries are stored for a card.
    func count(card: String) async throws -> Int
}

struct SQLiteFeedbackRepository: FeedbackRepository {
    let database: AppDatabase

    func store(_ entries: [CDSFeedbackEntry], receivedAt: Date) async throws -> Int {
        let received = ISO8601DateFormatter().string(from: receivedAt)
        return try await database.write { db in
            for entry in entries {
                let suggestions = String(decoding: try JSONEncoder().encode(entry.acceptedSuggestions), as: UTF8.self)
                try db.execute(
                    sql: """
                        INSERT INTO cds_feedback (service_id, card_uuid, outcome, accepted_suggestions, override_reason_system,
                            override_reason_code, override_reason_display, user_comment, outcome_timestamp, received_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        entry.serviceID, entry.cardUUID, entry.outcome, suggestions, entry.overrideReasonSystem,
                        entry.overrideReasonCode, entry.overrideReasonDisplay, entry.userComment, entry.outcomeTimestamp,
                        received,
                    ]
                )
            }
            return entries.count
        }
    }

    func count(card: String) async throws -> Int {
        try await database.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM cds_feedback WHERE card_uuid = ?", arguments: [card]) ?? 0
        }
    }
}
