import Foundation
import GRDB

/// CDS Hooks feedback in SQLite.
struct SQLiteFeedbackRepository: FeedbackRepository {
    let database: AppDatabase

    func store(_ entries: [CDSFeedbackEntry], receivedAt: Date) async throws -> Int {
        try await database.write { db in
            for entry in entries { try CDSFeedbackRecord(entry, receivedAt: receivedAt).insert(db) }
            return entries.count
        }
    }

    func count(card: String) async throws -> Int {
        try await database.read { db in try CDSFeedbackRecord.filter(Column("card_uuid") == card).fetchCount(db) }
    }
}
