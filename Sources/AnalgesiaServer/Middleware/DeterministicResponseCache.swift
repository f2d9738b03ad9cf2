import Crypto
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization

/// Remembers rendered answers for one knowledge-base version. Every knowledge GET (JSON or an
/// HTML page) and POST /v1/recommendations is a pure function of the request (URL, `Accept`, and for the POST
/// its body) and the knowledge version: the API promises byte-identical output for the same
/// input and knowledge. Rendering JSON costs several times more than the rest of a request, so
/// a repeated request (an EHR at every view of the same patient, a client re-reading a list) is
/// answered with the bytes rendered the first time, and `If-None-Match` is answered 304 from
/// the remembered ETag. A new knowledge version drops everything. Only 200 answers are kept,
/// within a count and a byte budget.
struct DeterministicResponseCache<Context: RequestContext>: RouterMiddleware {
    /// Paths (exact, or prefixes ending in "/") whose GET answers are cached.
    let getPrefixes: [String]
    /// Paths whose GET answers are cached, matched exactly (for "/", which as a prefix would match
    /// everything).
    var getPaths: Set<String> = []
    /// Paths whose POST answers are cached.
    let postPaths: Set<String>
    /// GET paths under `getPrefixes` that are not knowledge (key lists) or are large (exports).
    var excludedPaths: Set<String> = []
    let store: KnowledgeStore
    let storage: ResponseCacheStorage
    let maxBodyBytes: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        let cacheable =
            (request.method == .get && !excludedPaths.contains(path)
                && (getPaths.contains(path) || getPrefixes.contains { path == $0 || ($0.hasSuffix("/") && path.hasPrefix($0)) }))
            || (request.method == .post && postPaths.contains(path))
        guard cacheable, let version = store.current?.version else { return try await next(request, context) }

        var request = request
        var hasher = SHA256()
        for part in [request.method.rawValue, request.uri.string, request.headers[.accept] ?? "", request.headers[.contentType] ?? ""] {
            hasher.update(data: Array(part.utf8))
            hasher.update(data: [0])
        }
        if request.method == .post {
            hasher.update(data: Array(buffer: try await request.collectBody(upTo: maxBodyBytes)))
        }
        let key = Array(hasher.finalize())

        if let hit = storage.value(for: key, version: version) {
            if request.method == .get, let etag = hit.headers[.eTag], ETag.ifNoneMatch(request.headers[.ifNoneMatch], matches: etag) {
                var headers = HTTPFields()
                headers[.eTag] = etag
                headers[.knowledgeBaseVersion] = version
                return Response(status: .notModified, headers: headers)
            }
            return Response(status: .ok, headers: hit.headers, body: .init(byteBuffer: hit.body))
        }
        let response = try await next(request, context)
        guard response.status == .ok, response.headers[.knowledgeBaseVersion] == version else { return response }
        let collector = Collector()
        try await response.body.write(CollectingWriter(collector: collector))
        let bytes = collector.buffer
        storage.insert(.init(headers: response.headers, body: bytes), for: key, version: version)
        return Response(status: response.status, headers: response.headers, body: .init(byteBuffer: bytes))
    }
}

/// The remembered answers for the current knowledge version, shared across requests.
final class ResponseCacheStorage: Sendable {
    struct Entry: Sendable {
        var headers: HTTPFields
        var body: ByteBuffer
    }

    private struct State {
        var version = ""
        var entries: [[UInt8]: Entry] = [:]
        var order: [[UInt8]] = []
        var bytes = 0
    }

    private let state = Mutex(State())
    let capacity: Int
    let byteBudget: Int

    init(capacity: Int, byteBudget: Int) {
        self.capacity = capacity
        self.byteBudget = byteBudget
    }

    func value(for key: [UInt8], version: String) -> Entry? {
        state.withLock { $0.version == version ? $0.entries[key] : nil }
    }

    /// Adds an answer, forgetting everything of an older version and the oldest answers when full.
    func insert(_ entry: Entry, for key: [UInt8], version: String) {
        let size = entry.body.readableBytes
        guard size <= byteBudget / 4 else { return }
        state.withLock { state in
            if state.version != version { state = State(version: version) }
            guard state.entries.updateValue(entry, forKey: key) == nil else { return }
            state.order.append(key)
            state.bytes += size
            while state.order.count > capacity || state.bytes > byteBudget, !state.order.isEmpty {
                let oldest = state.order.removeFirst()
                state.bytes -= state.entries.removeValue(forKey: oldest)?.body.readableBytes ?? 0
            }
        }
    }

    var count: Int { state.withLock { $0.entries.count } }
}

private final class Collector: @unchecked Sendable {
    // Only touched by the one task that writes the response body.
    var buffer = ByteBuffer()
}

private struct CollectingWriter: ResponseBodyWriter {
    let collector: Collector

    mutating func write(_ buffer: ByteBuffer) async throws {
        var buffer = buffer
        collector.buffer.writeBuffer(&buffer)
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
