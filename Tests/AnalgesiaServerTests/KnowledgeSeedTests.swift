import Foundation
import GRDB
import Testing

@testable import AnalgesiaServer

/// The review's knowledge is written once, in the SQLite migrations; PostgreSQL starts from a
/// seed generated from them up to release 2.0.0 (0008), then runs the later knowledge releases'
/// SQLite files itself (0009 on; `PersistenceContractTests` holds both backends equal). The seed
/// is an applied migration, so it never changes; it was generated with
/// `UPDATE_SEED=1 swift test --filter KnowledgeSeedTests`.
@Suite("PostgreSQL seed")
struct KnowledgeSeedTests {
    static let file = repositoryRoot.appendingPathComponent("Migrations/postgres/0003_pg_review_knowledge_2_0_0.ndjson")

    /// The last SQLite migration the seed holds.
    static let seedRelease = "0008_knowledge_fidelity"

    @Test("the committed seed is the export of what the SQLite migrations up to release 2.0.0 write, tombstones included, byte for byte")
    func seedMatchesSQLiteMigrations() async throws {
        let database = try AppDatabase.inMemory()
        try await database.migrate(upTo: Self.seedRelease)
        let rows = try await database.writer.read { db in try SQLiteKnowledgeRepository.rows(db) }
        let generated = try KnowledgeTransfer.seed(try rows.content(), deleted: try rows.deletedItems())
        if ProcessInfo.processInfo.environment["UPDATE_SEED"] == "1" {
            try generated.write(to: Self.file, atomically: true, encoding: .utf8)
        }
        let committed = try String(contentsOf: Self.file, encoding: .utf8)
        #expect(committed == generated, "Migrations/postgres/0003_pg_review_knowledge_2_0_0.ndjson is stale: UPDATE_SEED=1 swift test --filter KnowledgeSeedTests")
        #expect(committed.contains(#""deleted":true"#))
        // The binary carries the same bytes.
        #expect(Data(PackageResources._003_pg_review_knowledge_2_0_0_ndjson) == Data(committed.utf8))
    }

    @Test("the seed reads back into the rows that make the same knowledge")
    func seedReadsBack() async throws {
        let data = try Data(contentsOf: Self.file)
        let changes = try testSeed(data)
        #expect(changes.semver == "2.0.0")
        #expect(changes.changes.count > 100)
    }
}
