import Foundation
import Logging
import ServiceLifecycle

extension Persistence {
    /// The backend the settings choose: PostgreSQL when `db.url` is set, else embedded SQLite
    /// at `db.path`. The URL's password never reaches a log line.
    static func open(_ configuration: AppConfiguration, logger: Logger) throws -> Persistence {
        guard let url = configuration.databaseURL else {
            return .sqlite(
                try AppDatabase.open(path: configuration.databasePath, busyTimeout: configuration.databaseBusyTimeout, logger: logger)
            )
        }
        let database = try PostgresBackend(
            url: url,
            poolSize: configuration.databasePoolSize,
            connectTimeout: .milliseconds(Int(configuration.databaseConnectTimeout * 1000)),
            deadline: .milliseconds(Int(configuration.databaseTimeout * 1000)),
            logger: logger
        )
        logger.info("Using PostgreSQL", metadata: ["db.url": "\(url)", "db.poolSize": "\(configuration.databasePoolSize)"])
        let validator = SchemaValidator(contract: try Contract.bundled())
        return try .postgres(database) { data in try KnowledgeTransfer.seedChanges(data, validator: validator) }
    }

    /// Runs `body` with the backend's connection pool running (the commands other than `serve`,
    /// which runs it as a service).
    func whileConnected<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        guard let connection = self.connection else { return try await body() }
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await connection.run()
                return nil
            }
            defer { group.cancelAll() }
            return try await body()
        }
    }
}
