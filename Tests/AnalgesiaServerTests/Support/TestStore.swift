import Foundation
import GRDB
import Logging
import PostgresNIO
import Synchronization
import Testing

@testable import AnalgesiaServer

/// The backends the suites run on: embedded SQLite always; PostgreSQL when TEST_DB_URL names
/// a server whose user may create databases (scripts/test.sh starts a throwaway one).
enum TestBackend: String, Sendable, CaseIterable, CustomStringConvertible {
    case sqlite, postgres

    var description: String { rawValue }

    /// The PostgreSQL server for tests, if any.
    static let postgresURL: PostgresURL? = ProcessInfo.processInfo.environment["TEST_DB_URL"].flatMap { try? PostgresURL($0) }

    /// The backends available in this run (for parameterised contract tests).
    static var available: [TestBackend] { postgresURL == nil ? [.sqlite] : [.sqlite, .postgres] }

    /// The backend the API suites use in this run: `TEST_BACKEND=postgres` (with TEST_DB_URL)
    /// runs every suite that goes through `TestStore` on PostgreSQL.
    static let current: TestBackend = {
        guard ProcessInfo.processInfo.environment["TEST_BACKEND"] == "postgres" else { return .sqlite }
        guard postgresURL != nil else { fatalError("TEST_BACKEND=postgres needs TEST_DB_URL") }
        return .postgres
    }()

    /// True when this run uses embedded SQLite (suites about SQLite itself run only then).
    static var isSQLiteRun: Bool { current == .sqlite }
}

/// A fresh store for one test: an in-memory SQLite database, or a new PostgreSQL database
/// copied from a migrated and seeded template (so each test starts from the review's knowledge
/// and tests run in parallel without seeing each other's writes).
struct TestStore: Sendable {
    let backend: TestBackend
    let persistence: Persistence
    /// The SQLite database, on SQLite.
    let sqlite: AppDatabase?
    /// The PostgreSQL database, on PostgreSQL.
    let postgres: PostgresBackend?

    /// A fresh store on `backend`, not yet migrated (as a new deployment starts).
    static func make(_ backend: TestBackend = .current, migrated: Bool = false) async throws -> TestStore {
        switch backend {
        case .sqlite:
            let database = try AppDatabase.inMemory()
            if migrated { try await database.migrate() }
            return TestStore(backend: .sqlite, persistence: .sqlite(database), sqlite: database, postgres: nil)
        case .postgres:
            let database = try await PostgresTestDatabases.shared.fresh(migrated: migrated)
            var persistence = try Persistence.postgres(database, seed: testSeed)
            persistence.connection = nil  // the test runs the pool itself (`PostgresTestDatabases`)
            return TestStore(backend: .postgres, persistence: persistence, sqlite: nil, postgres: database)
        }
    }

    /// A store over a given SQLite database (a file, for tests of SQLite's own behaviour).
    static func sqlite(_ database: AppDatabase) -> TestStore {
        TestStore(backend: .sqlite, persistence: .sqlite(database), sqlite: database, postgres: nil)
    }

    /// Runs a statement written in SQL both backends accept (a fixture change).
    func execute(_ sql: String) async throws {
        if let sqlite {
            try await sqlite.writer.write { db in try db.execute(sql: sql) }
        } else if let postgres {
            let logger = postgres.logger
            _ = try await postgres.withConnection { connection in
                try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
            }
        }
    }

    /// The integer the query's one row holds (`SELECT count(*) …`).
    func integer(_ sql: String) async throws -> Int {
        if let sqlite {
            return try await sqlite.writer.read { db in try Int.fetchOne(db, sql: sql) ?? 0 }
        }
        guard let postgres else { return 0 }
        let logger = postgres.logger
        return try await postgres.withConnection { connection in
            for try await value in try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger).decode(Int64.self) {
                return Int(value)
            }
            return 0
        }
    }
}

/// The seed PostgreSQL stores start from, as the service reads it.
let testSeed: @Sendable (Data) throws -> CurationChanges = { data in
    try KnowledgeTransfer.seedChanges(data, validator: SchemaValidator(contract: try Contract.bundled()))
}

/// One template database per test process, migrated and seeded once; each test gets a copy.
actor PostgresTestDatabases {
    static let shared = PostgresTestDatabases()

    private var template: Task<String, any Error>?
    private let run = UUID().uuidString.prefix(8).lowercased()
    private var count = 0

    /// A new database: empty, or a copy of the migrated template.
    func fresh(migrated: Bool) async throws -> PostgresBackend {
        guard let url = TestBackend.postgresURL else { throw PostgresTestDatabasesError.noServer }
        let source = migrated ? try await templateName(url) : "template0"
        count += 1
        let name = "eatest_\(run)_\(count)"
        try await Self.admin(url) { connection, logger in
            try await connection.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name) TEMPLATE \(source)"), logger: logger)
        }
        return try Self.open(url, database: name)
    }

    /// The template, made by the first caller; the others wait for it.
    private func templateName(_ url: PostgresURL) async throws -> String {
        if let template { return try await template.value }
        let name = "eatest_\(run)_template"
        let task = Task { try await Self.makeTemplate(url, name: name) }
        template = task
        return try await task.value
    }

    private static func makeTemplate(_ url: PostgresURL, name: String) async throws -> String {
        try await admin(url) { connection, logger in
            // Databases of earlier runs of this suite.
            var old: [String] = []
            for try await name in try await connection.query("SELECT datname FROM pg_database WHERE datname LIKE 'eatest\\_%'", logger: logger)
                .decode(String.self)
            {
                old.append(name)
            }
            for name in old {
                _ = try? await connection.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"), logger: logger)
            }
            try await connection.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name) TEMPLATE template0"), logger: logger)
        }
        let database = try open(url, database: name)
        try await Persistence.postgres(database, seed: testSeed).migrate()
        // No session may stay on a template while it is copied.
        try await admin(url) { connection, logger in
            try await connection.query(
                PostgresQuery(
                    unsafeSQL: "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '\(name)' AND pid <> pg_backend_pid()"
                ),
                logger: logger
            )
        }
        return name
    }

    private static func admin(_ url: PostgresURL, _ body: (PostgresConnection, Logger) async throws -> Void) async throws {
        let logger = Logger(label: "test-admin")
        let connection = try await PostgresConnection.connect(
            configuration: .init(host: url.host, port: url.port, username: url.user, password: url.password, database: url.database, tls: .disable),
            id: 1,
            logger: logger
        )
        do {
            try await body(connection, logger)
            try await connection.close()
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// A pool on the database, running for the rest of the test process (idle connections close
    /// after a second, so finished tests hold none).
    static func open(_ url: PostgresURL, database: String) throws -> PostgresBackend {
        var target = url
        target.database = database
        let postgres = try PostgresBackend(
            url: target,
            poolSize: 4,
            minimumConnections: 0,
            idleTimeout: .seconds(1),
            connectTimeout: .seconds(5),
            deadline: .seconds(30),
            logger: quietLogger
        )
        Task { await postgres.client.run() }
        return postgres
    }
}

enum PostgresTestDatabasesError: Error {
    case noServer
}
