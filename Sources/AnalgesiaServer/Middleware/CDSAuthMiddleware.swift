import HTTPTypes
import Hummingbird
import Logging

/// Guards CDS Hooks service calls and feedback (POST /cds-services/…): the call needs a bearer
/// JWT from a trusted issuer, verified by `CDSAuthenticationMiddleware` further out; without one it
/// is refused with 401 and a `WWW-Authenticate` challenge, unless unsigned calls are allowed for
/// local testing. A verified caller is handed to the handler as `CDSClientIdentity.current`. The
/// token itself is never logged or echoed.
struct CDSAuthMiddleware<Context: APIRequestContext>: RouterMiddleware {
    let verifier: CDSJWTVerifier?
    let allowUnsigned: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .post, request.uri.path.hasPrefix("/cds-services/") else { return try await next(request, context) }
        switch context.cdsCaller {
        case .verified(let identity):
            return try await CDSClientIdentity.$current.withValue(identity) { try await next(request, context) }
        case .refused(let problem):
            throw problem
        case .unchecked:
            break
        }
        guard let authorization = request.headers[.authorization] else {
            if allowUnsigned { return try await next(request, context) }
            throw Self.unauthorized("A bearer JWT from a trusted CDS Client is required.")
        }
        guard Self.bearerToken(authorization) != nil else {
            throw Self.unauthorized("The Authorization header must be 'Bearer <JWT>'.")
        }
        if verifier == nil, allowUnsigned { return try await next(request, context) }
        throw Self.unauthorized("No trusted CDS Client issuers are configured, so no token can be accepted.")
    }

    /// The token of `Bearer <token>`, or nil.
    static func bearerToken(_ authorization: String) -> String? {
        let parts = authorization.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return String(parts[1])
    }

    static func unauthorized(_ detail: String) -> ProblemError {
        .unauthorized(detail, realm: "cds-services", error: "invalid_token")
    }
}

/// CORS for the CDS Hooks endpoints, for browser-based sandboxes: a request from an allowlisted
/// origin gets Hummingbird's CORS handling (preflight answered with 204 and the allowed methods
/// and headers; the origin echoed on other responses); any other origin gets no CORS headers,
/// so browsers refuse it. Other paths are not affected.
struct CDSCORSMiddleware<Context: RequestContext>: RouterMiddleware {
    let allowedOrigins: Set<String>
    let cors = CORSMiddleware<Context>(
        allowOrigin: .originBased,
        allowHeaders: [.accept, .authorization, .contentType, .origin],
        allowMethods: [.get, .post, .options],
        maxAge: .seconds(600)
    )

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard path == "/cds-services" || path.hasPrefix("/cds-services/"), let origin = request.headers[.origin],
            allowedOrigins.contains(origin)
        else { return try await next(request, context) }
        return try await cors.handle(request, context: context, next: next)
    }
}
