import Foundation
import PostgresNIO

/// CDS Hooks feedback in PostgreSQL.
struct PostgresFeedbackRepository: FeedbackRepository {
    let database: PostgresBackend

    func store(_ entries: [CDSFeedbackEntry], receivedAt: Date) async throws -> Int {
        let logger = database.logger
        let records = try entries.map { try CDSFeedbackRecord($0, receivedAt: receivedAt) }
        try await database.withConnection { connection in
            try await PostgresRecordWriter(connection: connection, logger: logger).insert(records, excluding: ["id"])
        }
        return entries.count
    }

    func count(card: String) async throws -> Int {
        let logger = database.logger
        return try await database.withConnection { connection in
            for try await count in try await connection.query("SELECT count(*) FROM cds_feedback WHERE card_uuid = \(card)", logger: logger)
                .decode(Int64.self)
            {
                return Int(count)
            }
            return 0
        }
    }
}
