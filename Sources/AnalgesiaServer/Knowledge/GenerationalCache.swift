/// A bounded map that keeps what is used: two generations of at most `capacity` entries each.
/// A hit in the older generation moves the entry to the newer one; when the newer one is full,
/// the older one is dropped. Not synchronised: the owner keeps it behind a lock.
struct GenerationalCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    let capacity: Int
    private var current: [Key: Value] = [:]
    private var previous: [Key: Value] = [:]

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// The value for `key`, if remembered (promoted to the newer generation).
    mutating func value(for key: Key) -> Value? {
        if let value = current[key] { return value }
        guard let value = previous.removeValue(forKey: key) else { return nil }
        insert(value, for: key)
        return value
    }

    mutating func insert(_ value: Value, for key: Key) {
        if current.count >= capacity {
            previous = current
            current = [:]
        }
        current[key] = value
    }

    /// How many entries are remembered (both generations).
    var count: Int { current.count + previous.count }
}
