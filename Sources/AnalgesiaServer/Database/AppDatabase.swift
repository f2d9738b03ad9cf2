import Foundation
import GRDB
import Logging
import Metrics

/// The process's one database connection pool, and the migrations it needs.
///
/// Files open as a `DatabasePool` in WAL mode (readers never block the writer) with a busy
/// timeout (so a write waits for a lock instead of failing at once) and `synchronous = FULL`
/// on the writer (an acknowledged write survives power loss). Tests use an in-memory queue.
struct AppDatabase: Sendable {
    /// The connection everything reads and writes through.
    let writer: any DatabaseWriter
    /// The migrations carried by the binary, in order.
    let migrations: [SQLMigration]

    /// Opens (creating its directory) the database at `path`, or an in-memory one for `:memory:`.
    static func open(path: String, busyTimeout: TimeInterval, logger: Logger) throws -> AppDatabase {
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.foreignKeysEnabled = true
        configuration.label = "exercise-analgesia"
        let migrations = try SQLMigration.bundled()

        if path == AppConfiguration.inMemoryPath {
            return AppDatabase(writer: try DatabaseQueue(configuration: configuration), migrations: migrations)
        }
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let pool = try DatabasePool(path: url.path, configuration: configuration)
        // DatabasePool sets synchronous = NORMAL after `prepareDatabase`; FULL has to be set here.
        try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        logger.info("Opened database", metadata: ["db.path": "\(url.path)", "db.journal": "wal"])
        return AppDatabase(writer: pool, migrations: migrations)
    }

    /// An empty in-memory database with the bundled migrations available, for tests.
    static func inMemory() throws -> AppDatabase {
        try open(path: AppConfiguration.inMemoryPath, busyTimeout: 5, logger: Logger(label: "in-memory"))
    }

    /// GRDB's migrator over the SQL files: each runs once, in order, in its own transaction,
    /// with foreign keys checked before commit.
    var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for migration in migrations {
            migrator.registerMigration(migration.identifier) { db in
                try db.execute(sql: migration.sql)
            }
        }
        return migrator
    }

    /// Applies every migration not yet applied. Refuses a database that a newer build migrated.
    func migrate(upTo identifier: String? = nil) async throws {
        let migrator = self.migrator
        let unknown = try await writer.read { db in
            try Set(migrator.appliedIdentifiers(db)).subtracting(migrations.map(\.identifier))
        }
        if !unknown.isEmpty {
            throw DatabaseTooNewError(unknownMigrations: unknown.sorted())
        }
        if let identifier {
            try migrator.migrate(writer, upTo: identifier)
        } else {
            try migrator.migrate(writer)
        }
    }

    /// True when every bundled migration has been applied.
    func isFullyMigrated() async throws -> Bool {
        let migrator = self.migrator
        return try await writer.read { db in try migrator.hasCompletedMigrations(db) }
    }
}

/// One numbered SQL file of Migrations/; its name without `.sql` is the migration id.
struct SQLMigration: Sendable, Hashable {
    let identifier: String
    let sql: String

    /// The migrations compiled into this executable (Package.swift embeds every Migrations/*.sql;
    /// `MigrationTests` fails when a file is missing from this list or out of order).
    static func bundled() throws -> [SQLMigration] {
        let embedded: [(String, [UInt8])] = [
            ("0001_schema", PackageResources._001_schema_sql),
            ("0002_source_and_conditions", PackageResources._002_source_and_conditions_sql),
            ("0003_mechanisms_and_findings", PackageResources._003_mechanisms_and_findings_sql),
            ("0004_ea_profiles_and_guidelines", PackageResources._004_ea_profiles_and_guidelines_sql),
            ("0005_change_tracking", PackageResources._005_change_tracking_sql),
            ("0006_cds_feedback", PackageResources._006_cds_feedback_sql),
            ("0007_curation", PackageResources._007_curation_sql),
            ("0008_knowledge_fidelity", PackageResources._008_knowledge_fidelity_sql),
        ]
        return try embedded.map { identifier, bytes in
            guard let sql = String(bytes: bytes, encoding: .utf8) else { throw MissingResourceError(name: identifier) }
            return SQLMigration(identifier: identifier, sql: sql)
        }
    }
}

/// The database was migrated by a newer build than this one.
struct DatabaseTooNewError: Error, CustomStringConvertible {
    var unknownMigrations: [String]
    var description: String {
        "The database has migrations this build does not know (\(unknownMigrations.joined(separator: ", "))); run a newer build or restore a backup."
    }
}

/// A resource the binary should carry is missing.
struct MissingResourceError: Error, CustomStringConvertible {
    var name: String
    var description: String { "The bundled resource '\(name)' is missing from this build." }
}

extension AppDatabase {
    /// A write transaction, recording how long it waited for the writer (`db_wait_seconds`).
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        let requested = ContinuousClock.now
        return try await writer.write { db in
            Self.recordWait(since: requested, access: "write")
            return try body(db)
        }
    }

    /// A read, recording how long it waited for a connection (`db_wait_seconds`).
    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        let requested = ContinuousClock.now
        return try await writer.read { db in
            Self.recordWait(since: requested, access: "read")
            return try body(db)
        }
    }

    private static func recordWait(since requested: ContinuousClock.Instant, access: String) {
        let waited = ContinuousClock.now - requested
        let nanoseconds = waited.components.seconds * 1_000_000_000 + waited.components.attoseconds / 1_000_000_000
        Metrics.Timer(label: "db_wait_seconds", dimensions: [("access", access)], preferredDisplayUnit: .seconds)
            .recordNanoseconds(nanoseconds)
    }
}
