import Foundation
import GRDB
import Logging
import Testing

@testable import AnalgesiaServer

@Suite("Migrations")
struct MigrationTests {
    @Test("the binary carries every Migrations/*.sql file, in order, byte for byte")
    func bundledMatchesFiles() throws {
        let directory = repositoryRoot.appendingPathComponent("Migrations")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".sql") }.sorted()
        let onDisk = try files.map { try String(contentsOf: directory.appendingPathComponent($0), encoding: .utf8) }
        let bundled = try SQLMigration.bundled()
        #expect(bundled.map { $0.identifier + ".sql" } == files)
        #expect(bundled.map(\.sql) == onDisk)
        #expect(bundled.map(\.identifier) == bundled.map(\.identifier).sorted())
        for migration in bundled {
            #expect(migration.identifier.range(of: #"^\d{4}_[a-z0-9_]+$"#, options: .regularExpression) != nil)
        }
    }

    @Test("an empty database migrates, and running the migrator again changes nothing")
    func migrateFromEmptyAndRerun() async throws {
        let database = try AppDatabase.inMemory()
        #expect(try await database.isFullyMigrated() == false)
        try await database.migrate()
        #expect(try await database.isFullyMigrated())
        let before = try await database.writer.read { db in
            try (
                Int.fetchOne(db, sql: "SELECT count(*) FROM finding WHERE deleted_at IS NULL"),
                Int.fetchOne(db, sql: "SELECT revision FROM kb_meta"),
                String.fetchOne(db, sql: "SELECT semver FROM kb_meta")
            )
        }
        try await database.migrate()
        let after = try await database.writer.read { db in
            try (
                Int.fetchOne(db, sql: "SELECT count(*) FROM finding WHERE deleted_at IS NULL"),
                Int.fetchOne(db, sql: "SELECT revision FROM kb_meta"),
                String.fetchOne(db, sql: "SELECT semver FROM kb_meta")
            )
        }
        #expect(before.0 == 61)
        #expect(before.2 == "2.0.1")
        #expect(after.0 == before.0)
        #expect(after.1 == before.1, "a second run changes nothing")
        #expect(after.2 == before.2)
    }

    @Test("a database made by an earlier version upgrades in place and keeps its rows")
    func upgradeInPlace() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("ea-upgrade-\(UUID()).sqlite")
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: file.path + suffix) }
        }
        let old = try AppDatabase.open(path: file.path, busyTimeout: 5, logger: quietLogger)
        try await old.migrate(upTo: "0004_ea_profiles_and_guidelines")
        try await old.writer.write { db in
            try db.execute(
                sql:
                    "INSERT INTO population (slug, name, description, is_reference) VALUES ('local-cohort', 'A local cohort', 'Added by an operator.', 0)"
            )
        }
        let new = try AppDatabase.open(path: file.path, busyTimeout: 5, logger: quietLogger)
        try await new.migrate()
        #expect(try await new.isFullyMigrated())
        let kept = try await new.writer.read { db in try String.fetchOne(db, sql: "SELECT name FROM population WHERE slug = 'local-cohort'") }
        #expect(kept == "A local cohort")
        #expect(try await new.writer.read { db in try String.fetchOne(db, sql: "SELECT semver FROM kb_meta") } == "2.0.1")
        // The change-tracking migration now counts changes.
        let revision = try await new.writer.read { db in try Int.fetchOne(db, sql: "SELECT revision FROM kb_meta") } ?? 0
        try await new.writer.write { db in try db.execute(sql: "UPDATE population SET name = 'Renamed' WHERE slug = 'local-cohort'") }
        #expect(try await new.writer.read { db in try Int.fetchOne(db, sql: "SELECT revision FROM kb_meta") } == revision + 1)
    }

    @Test("a file database opens in WAL mode with full synchronous writes and foreign keys")
    func filePragmas() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("ea-pragmas-\(UUID()).sqlite")
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: file.path + suffix) }
        }
        let database = try AppDatabase.open(path: file.path, busyTimeout: 5, logger: quietLogger)
        #expect(database.writer is DatabasePool)
        let (journal, synchronous, foreignKeys) = try await database.writer.write { db in
            try (
                String.fetchOne(db, sql: "PRAGMA journal_mode"), Int.fetchOne(db, sql: "PRAGMA synchronous"),
                Int.fetchOne(db, sql: "PRAGMA foreign_keys")
            )
        }
        #expect(journal == "wal")
        #expect(synchronous == 2, "FULL is 2")
        #expect(foreignKeys == 1)
    }

    @Test("a database migrated by a newer build is refused")
    func refusesNewerDatabase() async throws {
        let database = try AppDatabase.inMemory()
        try await database.migrate()
        try await database.writer.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('9999_future')") }
        await #expect(throws: DatabaseTooNewError.self) { try await database.migrate() }
    }

    @Test("constraints reject values outside the vocabulary")
    func constraints() async throws {
        let database = try AppDatabase.inMemory()
        try await database.migrate()
        await #expect(throws: DatabaseError.self) {
            try await database.writer.write { db in
                try db.execute(sql: "UPDATE mechanism SET verdict = 'proven' WHERE slug = 'nitric-oxide'")
            }
        }
        await #expect(throws: DatabaseError.self) {
            try await database.writer.write { db in
                try db.execute(
                    sql: "INSERT INTO ea_response_finding VALUES ('fibromyalgia', 'isometric', 'any', 'no-such-finding')"
                )
            }
        }
    }
}
