import Logging
import PostgresNIO
import ServiceLifecycle

/// Listens on 'kb_changed' and 'api_key_revoked' over one pooled connection and announces them,
/// so a change committed on any replica reaches this one within milliseconds. When the connection
/// drops it reconnects (every second, until the database answers) and announces a knowledge
/// change once, so that nothing committed while it was away is missed.
struct PostgresChangeListener: Service {
    let database: PostgresBackend
    let events: PersistenceEvents
    let logger: Logger

    func run() async throws {
        try await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await listen()
                } catch is CancellationError {
                    return
                } catch {
                    // A notification sequence ends without an error when its task is cancelled
                    // (graceful shutdown): that is the end of the service, not a lost connection.
                    if Task.isCancelled { return }
                    logger.warning("Change listener lost its connection; retrying", metadata: ["error": "\(Self.describe(error))"])
                }
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    private func listen() async throws {
        let events = self.events
        let logger = self.logger
        try await database.client.withConnection { connection in
            try await connection.listen(on: "kb_changed") { changes in
                try await connection.listen(on: "api_key_revoked") { revocations in
                    logger.debug("Listening for changes")
                    await events.knowledgeChanged()
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask {
                            for try await _ in changes { await events.knowledgeChanged() }
                            throw PersistenceError.unavailable(reason: "notifications ended")
                        }
                        group.addTask {
                            for try await revocation in revocations { events.keyRevoked(revocation.payload) }
                            throw PersistenceError.unavailable(reason: "notifications ended")
                        }
                        try await group.next()
                        group.cancelAll()
                    }
                }
            }
        }
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? PSQLError { return "\(error.code)" }
        return "\(error)"
    }
}
