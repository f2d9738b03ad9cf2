import Synchronization

/// The API's JSON for values of one type, remembered for the life of one knowledge snapshot.
///
/// Keyed by the value itself, so a remembered encoding is always the encoding of an equal value.
/// Most parts of a computed answer (a guideline's recommendation, an expected-response cell, a
/// grading decision) come from a small set per knowledge version and recur across patients, so
/// each is encoded once instead of on every request. Bounded by `capacity` entries and
/// `byteBudget` bytes: once either is reached, new values are still encoded, just not remembered,
/// so parts that carry request input (a condition as the caller wrote it) cannot grow it.
///
/// A value is found by its `summary`, a hash the owner computes from a few short members and the
/// lengths of the long texts, and then compared in full. Hashing every member of every part (a
/// recommendation's text is hundreds of bytes, an answer about 16 KB) was most of the renderer's
/// cost (bench/README.md); two different values with the same summary only share a bucket.
final class FragmentCache<Value: Encodable & Equatable & Sendable>: Sendable {
    /// A remembered value with its summary: hashed by the summary alone, equal only when the
    /// values are equal.
    private struct Key: Hashable {
        let value: Value
        let summary: Int

        static func == (lhs: Key, rhs: Key) -> Bool { lhs.summary == rhs.summary && lhs.value == rhs.value }
        func hash(into hasher: inout Hasher) { hasher.combine(summary) }
    }

    private struct Entries {
        var encoded: [Key: [UInt8]] = [:]
        var bytes = 0
    }

    let capacity: Int
    let byteBudget: Int
    private let summarize: @Sendable (Value) -> Int
    private let entries = Mutex(Entries())

    init(capacity: Int = 2048, byteBudget: Int = 2 * 1024 * 1024, summary: @escaping @Sendable (Value) -> Int) {
        self.capacity = capacity
        self.byteBudget = byteBudget
        summarize = summary
    }

    /// The JSON of `value`: remembered, or encoded (outside the lock) and remembered if there is room.
    func json(_ value: Value) -> [UInt8] {
        let key = Key(value: value, summary: summarize(value))
        if let known = entries.withLock({ $0.encoded[key] }) { return known }
        let json = Array(APIJSON.encode(value))
        entries.withLock { entries in
            guard entries.encoded.count < capacity, entries.bytes + json.count <= byteBudget,
                entries.encoded.updateValue(json, forKey: key) == nil
            else { return }
            entries.bytes += json.count
        }
        return json
    }

    /// How many values are remembered.
    var count: Int { entries.withLock { $0.encoded.count } }
}

extension FragmentCache where Value: Hashable {
    /// A cache whose summary is the value's full hash (for short values, such as strings).
    convenience init(capacity: Int = 2048, byteBudget: Int = 2 * 1024 * 1024) {
        self.init(capacity: capacity, byteBudget: byteBudget, summary: { $0.hashValue })
    }
}

extension Hasher {
    /// The hash of `members`, in order: how an owner of a `FragmentCache` writes a part's summary.
    static func summary<each Member: Hashable>(of members: repeat each Member) -> Int {
        var hasher = Hasher()
        repeat hasher.combine(each members)
        return hasher.finalize()
    }
}
