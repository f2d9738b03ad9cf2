import AnalgesiaKnowledge
import Synchronization

/// The engine's advice, remembered per normalised clinical profile for one knowledge snapshot.
///
/// Advice depends only on the `PatientProfile` (sorted, de-duplicated sets) and the knowledge,
/// so two patients with the same problem list share it; what is per call (card uuids, the
/// hookInstance, links with the coded inputs) is added by the caller. A memo belongs to one
/// `ServedKnowledge`: a new knowledge version comes with an empty memo.
///
/// Bounded by two generations of at most `capacity` entries each: a hit in the older generation
/// moves the entry to the newer one, and when the newer one is full the older one is dropped,
/// so rarely used profiles leave and memory stays bounded (an answer is ~20 KB of strings).
final class AdviceMemo: Sendable {
    private struct Generations {
        var current: [PatientProfile: Advice] = [:]
        var previous: [PatientProfile: Advice] = [:]
    }

    let capacity: Int
    private let engine: RecommendationEngine
    private let generations = Mutex(Generations())

    init(engine: RecommendationEngine, capacity: Int = 256) {
        self.engine = engine
        self.capacity = max(1, capacity)
    }

    /// The advice for `profile`: remembered, or computed (outside the lock) and remembered.
    func advise(_ profile: PatientProfile) -> Advice {
        let known: Advice? = generations.withLock { state in
            if let advice = state.current[profile] { return advice }
            guard let advice = state.previous.removeValue(forKey: profile) else { return nil }
            Self.insert(advice, for: profile, into: &state, capacity: capacity)
            return advice
        }
        if let known { return known }
        let advice = engine.advise(profile)
        generations.withLock { Self.insert(advice, for: profile, into: &$0, capacity: capacity) }
        return advice
    }

    /// How many profiles are remembered (both generations).
    var count: Int { generations.withLock { $0.current.count + $0.previous.count } }

    private static func insert(_ advice: Advice, for profile: PatientProfile, into state: inout Generations, capacity: Int) {
        if state.current.count >= capacity {
            state.previous = state.current
            state.current = [:]
        }
        state.current[profile] = advice
    }
}
