import Foundation
import GRDB

extension AppDatabase {
    /// Checkpoints the WAL into the database file and closes the pool (graceful shutdown).
    func close() throws {
        guard let pool = writer as? DatabasePool else { return }
        try pool.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
        try pool.close()
    }

    /// Reads the state of the database at `path` without changing it.
    static func check(path: String, busyTimeout: TimeInterval) throws -> DatabaseReport {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(busyTimeout)
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        defer { try? queue.close() }
        let bundled = try SQLMigration.bundled().map(\.identifier)
        return try queue.read { db in
            let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check")
            let violations = try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").count
            let applied =
                try db.tableExists("grdb_migrations") ? try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") : []
            let semver = try db.tableExists("kb_meta") ? try String.fetchOne(db, sql: "SELECT semver FROM kb_meta") : nil
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int64) ?? 0
            return DatabaseReport(
                path: path,
                integrity: integrity,
                foreignKeyViolations: violations,
                appliedMigrations: applied,
                missingMigrations: bundled.filter { !applied.contains($0) },
                knowledgeBaseSemver: semver,
                bytes: size
            )
        }
    }

    /// Copies the live database at `source` to the new file `destination` with SQLite's online
    /// backup API (a consistent snapshot even while the service writes), then checks the copy.
    static func backup(from source: String, to destination: String, busyTimeout: TimeInterval) throws -> DatabaseReport {
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        let pool = try DatabasePool(path: source, configuration: configuration)
        defer { try? pool.close() }
        let directory = URL(fileURLWithPath: destination).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let copy = try DatabaseQueue(path: destination)
        try pool.backup(to: copy)
        // One self-contained file: no -wal or -shm next to the copy.
        try copy.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = DELETE") }
        try copy.close()
        return try check(path: destination, busyTimeout: busyTimeout)
    }
}
