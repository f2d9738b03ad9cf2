import Foundation
import Logging
import PostgresNIO

/// Applies Migrations/postgres/ in order, each once, all under one transaction-scoped advisory
/// lock so that replicas starting together do not race (the second waits, then finds nothing
/// left to do). Applied identifiers are kept in `schema_migrations`; a database that holds an
/// identifier this build does not know was migrated by a newer build and is refused, as on SQLite.
///
/// PostgresNIO has no migrator and Fluent's would bring an ORM this service does not use; the
/// bookkeeping here is the table, the lock and the comparison, nothing more.
struct PostgresMigrator: Sendable {
    /// One step: SQL run as a script, or the review's knowledge loaded from the NDJSON seed. A
    /// knowledge release after the seed is a SQLite migration of portable statements, run here as
    /// SQL too, so each release is written once for both backends.
    enum Step: Sendable {
        case sql(String)
        case seed(Data)
    }

    struct Migration: Sendable {
        var identifier: String
        var step: Step
    }

    let database: PostgresBackend
    let migrations: [Migration]
    /// Turns the seed into the rows to write (the NDJSON format is the importer's).
    let seed: @Sendable (Data) throws -> CurationChanges

    /// An arbitrary constant: the advisory lock every replica takes while migrating.
    static let lockKey: Int64 = 0x45_41_6E_61_6C_67  // "EAnalg"

    /// The migrations compiled into this executable.
    static func bundled() throws -> [Migration] {
        func text(_ name: String, _ bytes: [UInt8]) throws -> String {
            guard let text = String(bytes: bytes, encoding: .utf8) else { throw MissingResourceError(name: name) }
            return text
        }
        return [
            Migration(identifier: "0001_pg_schema", step: .sql(try text("0001_pg_schema", PackageResources._001_pg_schema_sql))),
            Migration(
                identifier: "0002_pg_search_and_change_tracking",
                step: .sql(try text("0002_pg_search_and_change_tracking", PackageResources._002_pg_search_and_change_tracking_sql))
            ),
            Migration(identifier: "0003_pg_review_knowledge_2_0_0", step: .seed(Data(PackageResources._003_pg_review_knowledge_2_0_0_ndjson))),
            // Knowledge releases after the seed: the same file SQLite applies, written once.
            Migration(identifier: "0004_pg_knowledge_2_0_1", step: .sql(try text("0009_knowledge_2_0_1", PackageResources._009_knowledge_2_0_1_sql))),
        ]
    }

    func migrate() async throws {
        let migrations = self.migrations
        let seed = self.seed
        let logger = database.logger
        try await database.checkReachable()
        // Not the per-request deadline: a replica waiting for another's migration, or a first
        // seed on a slow disk, may take minutes.
        try await database.transaction(deadline: .seconds(600)) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.lockKey))", logger: logger)
            try await connection.query(
                "CREATE TABLE IF NOT EXISTS schema_migrations (identifier text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
                logger: logger
            )
            var applied = Set<String>()
            for try await identifier in try await connection.query("SELECT identifier FROM schema_migrations", logger: logger)
                .decode(String.self)
            {
                applied.insert(identifier)
            }
            let unknown = applied.subtracting(migrations.map(\.identifier))
            if !unknown.isEmpty { throw DatabaseTooNewError(unknownMigrations: unknown.sorted()) }
            for migration in migrations where !applied.contains(migration.identifier) {
                switch migration.step {
                case .sql(let sql):
                    // PostgresNIO sends every query as one prepared statement; PL/pgSQL's EXECUTE
                    // runs a script of several, inside this transaction.
                    guard !sql.contains("$pgsql$") else { throw MissingResourceError(name: migration.identifier) }
                    try await connection.query(
                        PostgresQuery(unsafeSQL: "DO $pgmigration$ BEGIN EXECUTE $pgsql$\(sql)$pgsql$; END $pgmigration$"),
                        logger: logger
                    )
                case .seed(let data):
                    try await PostgresCurationRepository.apply(try seed(data), connection, logger: logger)
                }
                try await connection.query("INSERT INTO schema_migrations (identifier) VALUES (\(migration.identifier))", logger: logger)
                logger.info("Applied migration", metadata: ["migration": "\(migration.identifier)"])
            }
        }
    }

    /// True when every bundled migration has been applied. Migrations a newer build added do not
    /// count against it (as GRDB's `hasCompletedMigrations` on SQLite): during a rolling upgrade
    /// the replicas of the old build stay ready after the first new one migrated; only their
    /// next start refuses the database.
    func isFullyMigrated(_ connection: PostgresConnection) async throws -> Bool {
        let logger = database.logger
        for try await exists in try await connection.query("SELECT to_regclass('schema_migrations') IS NOT NULL", logger: logger)
            .decode(Bool.self) where !exists
        {
            return false
        }
        var applied = Set<String>()
        for try await identifier in try await connection.query("SELECT identifier FROM schema_migrations", logger: logger)
            .decode(String.self)
        {
            applied.insert(identifier)
        }
        return Set(migrations.map(\.identifier)).isSubset(of: applied)
    }
}
