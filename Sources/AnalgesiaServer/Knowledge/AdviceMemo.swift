import AnalgesiaKnowledge
import Synchronization

/// The engine's advice, remembered per normalised clinical profile for one knowledge snapshot,
/// and what the engine knows from a condition set alone, remembered per condition set.
///
/// Advice depends only on the `PatientProfile` (sorted, de-duplicated sets) and the knowledge,
/// so two patients with the same problem list share it; what is per call (card uuids, the
/// hookInstance, links with the coded inputs) is added by the caller. A profile not remembered
/// is computed from its condition set's `ConditionAnalysis`, which every profile with those
/// conditions shares (the scope, expected responses and the conditions' rule evaluations), so
/// only what the rest of the profile adds is worked out per profile. A memo belongs to one
/// `ServedKnowledge`: a new knowledge version comes with an empty memo.
///
/// Both maps are `GenerationalCache`s, so rarely used entries leave and memory stays bounded
/// (an answer is ~20 KB of strings; an analysis about as much).
final class AdviceMemo: Sendable {
    private struct State {
        var advice: GenerationalCache<PatientProfile, Advice>
        var analyses: GenerationalCache<[String], ConditionAnalysis>
    }

    let capacity: Int
    private let engine: RecommendationEngine
    private let state: Mutex<State>

    init(engine: RecommendationEngine, capacity: Int = 256, conditionSets: Int = 128) {
        self.engine = engine
        self.capacity = max(1, capacity)
        state = Mutex(State(advice: GenerationalCache(capacity: capacity), analyses: GenerationalCache(capacity: conditionSets)))
    }

    /// The advice for `profile`: remembered, or computed (outside the lock) and remembered.
    func advise(_ profile: PatientProfile) -> Advice {
        let (known, analysis) = state.withLock { state -> (Advice?, ConditionAnalysis?) in
            if let advice = state.advice.value(for: profile) { return (advice, nil) }
            return (nil, state.analyses.value(for: profile.conditionSlugs))
        }
        if let known { return known }
        let shared = analysis ?? engine.analyse(conditionSlugs: profile.conditionSlugs)
        let advice = engine.advise(profile, given: shared)
        state.withLock { state in
            state.advice.insert(advice, for: profile)
            if analysis == nil { state.analyses.insert(shared, for: profile.conditionSlugs) }
        }
        return advice
    }

    /// How many profiles are remembered (both generations).
    var count: Int { state.withLock { $0.advice.count } }

    /// How many condition sets are remembered (both generations).
    var conditionSetCount: Int { state.withLock { $0.analyses.count } }
}
