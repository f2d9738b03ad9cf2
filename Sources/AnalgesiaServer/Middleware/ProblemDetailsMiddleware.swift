import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import OpenAPIRuntime

/// The outermost middleware. Gives every request an id (the client's `X-Request-Id` when it is
/// sane, else Hummingbird's), echoes it, and turns every error (a framework 404, a body that is
/// too large, anything unexpected) into `application/problem+json`, or, for a person's browser
/// asking for a page, the same problem as an HTML page. Nothing else reaches a client: no stack
/// trace, no framework HTML, no `{"error":…}`.
struct ProblemDetailsMiddleware<Context: RequestContext>: RouterMiddleware {
    var html: HTMLProblemRenderer?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let requestID = Self.requestID(from: request, context: context)
        var head = request.head
        head.headerFields[.requestID] = requestID
        let tagged = Request(head: head, body: request.body)
        var response: Response
        do {
            response = try await RequestLog.$requestID.withValue(requestID) {
                try await next(tagged, context)
            }
        } catch let problem as ProblemError {
            response = self.response(for: problem, request: request, requestID: requestID)
        } catch let error as any HTTPResponseError {
            let problem = ProblemError.forStatus(error.status, detail: Self.detail(for: error, request: request))
            response = self.response(for: problem, request: request, requestID: requestID)
        } catch is HTTPParserError {
            // The body's framing broke (a chunk size such as `zz`): the rest of the connection
            // cannot be read safely, so the answer closes it (ConnectionGuard closes it too).
            response = self.response(for: .malformedRequest, request: request, requestID: requestID)
        } catch let error as PersistenceError {
            response = self.response(for: .persistence(error), request: request, requestID: requestID)
        } catch {
            context.logger.error("Unhandled error", metadata: ["error": "\(String(reflecting: error))"])
            response = self.response(for: .internalError(), request: request, requestID: requestID)
        }
        response.headers[.requestID] = requestID
        return response
    }

    func response(for problem: ProblemError, request: Request, requestID: String) -> Response {
        if let page = html?.response(for: problem, request: request, requestID: requestID) { return page }
        let body = problem.body(instance: request.uri.path, requestID: requestID)
        return Response(status: problem.status, headers: problem.headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// The framework's own errors carry terse or no messages; say what happened instead.
    static func detail(for error: any HTTPResponseError, request: Request) -> String {
        switch error.status {
        case .notFound:
            "Nothing is served at \(request.uri.path). Start from /openapi.yaml for the list of paths."
        case .contentTooLarge:
            "The request body is larger than this service accepts."
        default:
            "The request failed with status \(error.status.code) \(error.status.reasonPhrase)."
        }
    }

    /// A client-supplied id is kept only if short and plain, so it is safe to log and echo.
    static func requestID(from request: Request, context: Context) -> String {
        if let given = request.headers[.requestID], (1...128).contains(given.utf8.count),
            given.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F })
        {
            return given
        }
        return context.id
    }
}
