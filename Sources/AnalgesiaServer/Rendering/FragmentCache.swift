import Synchronization

/// The API's JSON for values of one type, remembered for the life of one knowledge snapshot.
///
/// Keyed by the value itself, so a remembered encoding is always the encoding of an equal value.
/// Most parts of a computed answer (a guideline's recommendation, an expected-response cell, a
/// grading decision) come from a small set per knowledge version and recur across patients, so
/// each is encoded once instead of on every request. Bounded by `capacity` entries and
/// `byteBudget` bytes: once either is reached, new values are still encoded, just not remembered,
/// so parts that carry request input (a condition as the caller wrote it) cannot grow it.
final class FragmentCache<Value: Encodable & Hashable & Sendable>: Sendable {
    private struct Entries {
        var encoded: [Value: [UInt8]] = [:]
        var bytes = 0
    }

    let capacity: Int
    let byteBudget: Int
    private let entries = Mutex(Entries())

    init(capacity: Int = 2048, byteBudget: Int = 2 * 1024 * 1024) {
        self.capacity = capacity
        self.byteBudget = byteBudget
    }

    /// The JSON of `value`: remembered, or encoded (outside the lock) and remembered if there is room.
    func json(_ value: Value) -> [UInt8] {
        if let known = entries.withLock({ $0.encoded[value] }) { return known }
        let json = Array(APIJSON.encode(value))
        entries.withLock { entries in
            guard entries.encoded.count < capacity, entries.bytes + json.count <= byteBudget,
                entries.encoded.updateValue(json, forKey: value) == nil
            else { return }
            entries.bytes += json.count
        }
        return json
    }

    /// How many values are remembered.
    var count: Int { entries.withLock { $0.encoded.count } }
}
