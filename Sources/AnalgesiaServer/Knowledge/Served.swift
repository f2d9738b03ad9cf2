import Synchronization

/// An item's API representation with its strong entity tag.
///
/// The tag is a digest of the representation's canonical JSON (`ETag`). It is computed the first
/// time it is asked for and then kept for the life of the snapshot, so building a snapshot (at
/// start-up, and after every curated write) does not encode every item of the knowledge base;
/// encoding them all was about a tenth of start-up (bench/README.md). The tag depends only on
/// the value and the version, so computing it later gives the same tag as computing it at once.
struct Served<Value: Encodable & Sendable>: Sendable {
    let value: Value
    private let version: Int?
    private let tag = TagCell()

    /// `version` is the item's version, which leads its tag (`"3-9f2c…"`); nil for a plain digest.
    init(value: Value, version: Int?) {
        self.value = value
        self.version = version
    }

    var etag: String {
        tag.resolve { [value, version] in
            if let version { ETag.of(value, version: version) } else { ETag.of(value) }
        }
    }

    /// One tag, computed at most once per snapshot (concurrent first requests may both compute
    /// it; they compute the same string).
    private final class TagCell: Sendable {
        private let computed = Mutex<String?>(nil)

        func resolve(_ compute: () -> String) -> String {
            if let known = computed.withLock({ $0 }) { return known }
            let tag = compute()
            computed.withLock { $0 = tag }
            return tag
        }
    }
}
