import Synchronization

/// What a backend that several replicas share announces: the knowledge changed (somewhere), or
/// an API key was revoked. The application builder subscribes the knowledge store and the key
/// cache; SQLite announces nothing (its readers poll).
final class PersistenceEvents: Sendable {
    private let knowledgeHandlers = Mutex<[@Sendable () async -> Void]>([])
    private let revocationHandlers = Mutex<[@Sendable (String) -> Void]>([])

    init() {}

    func onKnowledgeChange(_ handler: @escaping @Sendable () async -> Void) {
        knowledgeHandlers.withLock { $0.append(handler) }
    }

    func onKeyRevoked(_ handler: @escaping @Sendable (String) -> Void) {
        revocationHandlers.withLock { $0.append(handler) }
    }

    func knowledgeChanged() async {
        for handler in knowledgeHandlers.withLock({ $0 }) { await handler() }
    }

    func keyRevoked(_ id: String) {
        for handler in revocationHandlers.withLock({ $0 }) { handler(id) }
    }
}
