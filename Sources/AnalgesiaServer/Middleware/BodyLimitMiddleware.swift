import HTTPTypes
import Hummingbird
import NIOCore

/// Bounds request bodies, which the OpenAPI runtime would otherwise collect without limit: a
/// declared `Content-Length` over the limit is refused before any byte is read (also when the
/// client sent `Expect: 100-continue` and waits), and a body that grows past it while streaming
/// is refused as soon as it does. Both answer 413 and close the connection, since the unread rest
/// of the body cannot be skipped safely. (How long a body may take is `ConnectionGuard`'s job.)
struct BodyLimitMiddleware<Context: APIRequestContext>: RouterMiddleware {
    let defaultMaxBytes: Int
    /// Larger limits for particular paths (the NDJSON import).
    var pathLimits: [String: Int] = [:]
    /// Larger limits for particular operations of openapi.yaml (CDS Hooks calls, `cds.maxRequestBytes`).
    var operationLimits: [String: Int] = [:]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let maxBytes =
            pathLimits[request.uri.path]
            ?? context.route?.operation(for: request.method).flatMap { operationLimits[$0.operationID] } ?? defaultMaxBytes
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > maxBytes {
            throw tooLarge(maxBytes)
        }
        guard [.post, .put, .patch].contains(request.method) else { return try await next(request, context) }
        var request = request
        do {
            _ = try await request.collectBody(upTo: maxBytes)
        } catch is NIOTooManyBytesError {
            // What `collectBody(upTo:)` throws once a streamed body passes the limit.
            throw tooLarge(maxBytes)
        }
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
}
