import HTTPTypes
import Hummingbird
import NIOCore

/// Bounds request bodies, which the OpenAPI runtime would otherwise collect without limit: a
/// declared `Content-Length` over the limit is refused before any byte is read (also when the
/// client sent `Expect: 100-continue` and waits), and a body that grows past it while streaming
/// is refused as soon as it does. Both answer 413. A body must also arrive within `deadline`, so
/// a client trickling bytes cannot hold a request open (408). These answers close the connection,
/// since the unread rest of the body cannot be skipped safely.
struct BodyLimitMiddleware<Context: RequestContext>: RouterMiddleware {
    let defaultMaxBytes: Int
    /// Larger limits for particular paths (the NDJSON import).
    var pathLimits: [String: Int] = [:]
    var deadline: Duration = .seconds(10)

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let maxBytes = pathLimits[request.uri.path] ?? defaultMaxBytes
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > maxBytes {
            throw tooLarge(maxBytes)
        }
        guard [.post, .put, .patch].contains(request.method) else { return try await next(request, context) }
        var request = request
        let body = request.body
        let deadline = self.deadline
        let buffer: ByteBuffer
        do {
            buffer = try await withThrowingTaskGroup(of: ByteBuffer?.self) { group in
                group.addTask { try await body.collect(upTo: maxBytes) }
                group.addTask {
                    try await Task.sleep(for: deadline)
                    return nil
                }
                let first = try await group.next() ?? nil
                group.cancelAll()
                guard let first else { throw Self.tooSlow(deadline) }
                return first
            }
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw tooLarge(maxBytes)
        }
        request.body = .init(buffer: buffer)
        return try await next(request, context)
    }

    func tooLarge(_ maxBytes: Int) -> ProblemError {
        var headers = HTTPFields()
        headers[.connection] = "close"
        return ProblemError(
            status: .contentTooLarge,
            type: "/problems/content-too-large",
            title: "Content too large",
            detail: "The request body must be at most \(maxBytes) bytes.",
            extraHeaders: headers
        )
    }

    static func tooSlow(_ deadline: Duration) -> ProblemError {
        var headers = HTTPFields()
        headers[.connection] = "close"
        return ProblemError(
            status: .requestTimeout,
            type: "/problems/body-too-slow",
            title: "Request timeout",
            detail: "The request body did not arrive within \(deadline.components.seconds) seconds.",
            extraHeaders: headers
        )
    }
}
