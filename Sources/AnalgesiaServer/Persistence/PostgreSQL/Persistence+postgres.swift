import Foundation

extension Persistence {
    /// PostgreSQL through PostgresNIO, which several replicas share: the pool (`connection`),
    /// the change listener (`services`) and the events it announces.
    static func postgres(_ database: PostgresBackend, seed: @escaping @Sendable (Data) throws -> CurationChanges) throws -> Persistence {
        let migrator = PostgresMigrator(database: database, migrations: try PostgresMigrator.bundled(), seed: seed)
        let events = PersistenceEvents()
        return Persistence(
            knowledge: PostgresKnowledgeRepository(database: database, migrator: migrator),
            curation: PostgresCurationRepository(database: database),
            keys: PostgresAPIKeyRepository(database: database),
            feedback: PostgresFeedbackRepository(database: database),
            migrate: { try await migrator.migrate() },
            connection: database.client,
            services: [PostgresChangeListener(database: database, events: events, logger: database.logger)],
            events: events
        )
    }
}
