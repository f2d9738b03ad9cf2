import Foundation
import Synchronization

/// Keys verified recently, by token digest: only successes are kept (made-up tokens are rate
/// limited by address instead), each for `lifetime`, at most `capacity` of them. Every revocation
/// moves `generation` on, and a verification that read the database before one is not kept, so
/// a lookup racing a revocation cannot bring the revoked key back.
final class VerifiedKeys: Sendable {
    let lifetime: Duration
    let capacity: Int
    private let state = Mutex<State>(State())

    private struct State {
        var entries: [Data: (principal: Principal, until: ContinuousClock.Instant)] = [:]
        var generation = 0
    }

    init(lifetime: Duration, capacity: Int = 1024) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    var generation: Int { state.withLock { $0.generation } }

    func principal(for digest: Data, now: ContinuousClock.Instant) -> Principal? {
        state.withLock { state in
            guard let entry = state.entries[digest] else { return nil }
            if entry.until > now { return entry.principal }
            state.entries[digest] = nil
            return nil
        }
    }

    func remember(_ principal: Principal, for digest: Data, now: ContinuousClock.Instant, ifStill generation: Int) {
        guard lifetime > .zero else { return }
        state.withLock { state in
            guard state.generation == generation else { return }
            if state.entries.count >= capacity { state.entries = state.entries.filter { $0.value.until > now } }
            if state.entries.count >= capacity { state.entries.removeAll(keepingCapacity: true) }
            state.entries[digest] = (principal, now + lifetime)
        }
    }

    func forget(keyID: String) {
        state.withLock { state in
            state.generation += 1
            state.entries = state.entries.filter { $0.value.principal.keyID != keyID }
        }
    }
}
