import Foundation
import ServiceLifecycle

/// The backend the service stores in, chosen once by the application builder: every statement
/// the service runs lives behind these repositories, in this folder.
struct Persistence: Sendable {
    var knowledge: any KnowledgeRepository
    var curation: any CurationRepository
    var keys: any APIKeyRepository
    var feedback: any FeedbackRepository
    /// Applies the schema migrations not yet applied; refuses a database a newer build migrated.
    var migrate: @Sendable () async throws -> Void
    /// The connection pool, which must run while anything uses the backend (PostgreSQL's
    /// `PostgresClient`); nil for SQLite.
    var connection: (any Service)?
    /// Work the backend runs for as long as the service does (PostgreSQL's change listener).
    var services: [any Service] = []
    /// What the backend announces when several replicas share it; nil for SQLite.
    var events: PersistenceEvents?
    /// Called once the server has stopped (SQLite: checkpoint the WAL and close the pool).
    var close: @Sendable () async throws -> Void = {}

    /// Embedded SQLite through GRDB, the default.
    static func sqlite(_ database: AppDatabase) -> Persistence {
        Persistence(
            knowledge: SQLiteKnowledgeRepository(database: database),
            curation: SQLiteCurationRepository(database: database),
            keys: SQLiteAPIKeyRepository(database: database),
            feedback: SQLiteFeedbackRepository(database: database),
            migrate: { try await database.migrate() },
            close: { try database.close() }
        )
    }
}
