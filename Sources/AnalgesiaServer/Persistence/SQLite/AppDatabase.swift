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

extension AppDatabase {
    /// A write transaction, recording how long it waited for the writer (`db_wait_seconds`);
    /// a lock held past the busy timeout or a broken constraint comes out as `PersistenceError`.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        let requested = ContinuousClock.now
        do {
            return try await writer.write { db in
                Self.recordWait(since: requested, access: "write")
                return try body(db)
            }
        } catch let error as DatabaseError {
            throw Self.translate(error)
        }
    }

    /// A read, recording how long it waited for a connection (`db_wait_seconds`).
    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        let requested = ContinuousClock.now
        do {
            return try await writer.read { db in
                Self.recordWait(since: requested, access: "read")
                return try body(db)
            }
        } catch let error as DatabaseError {
            throw Self.translate(error)
        }
    }

    /// SQLite's errors that are not the service's fault, in the terms every backend shares; the
    /// rest stay as they are (internal errors).
    static func translate(_ error: DatabaseError) -> any Error {
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED: PersistenceError.busy
        case .SQLITE_CONSTRAINT: PersistenceError.conflict(reason: error.message ?? "a constraint failed")
        default: error
        }
    }

    private static func recordWait(since requested: ContinuousClock.Instant, access: String) {
        let waited = ContinuousClock.now - requested
        let nanoseconds = waited.components.seconds * 1_000_000_000 + waited.components.attoseconds / 1_000_000_000
        Metrics.Timer(label: "db_wait_seconds", dimensions: [("access", access)], preferredDisplayUnit: .seconds)
            .recordNanoseconds(nanoseconds)
    }
}
