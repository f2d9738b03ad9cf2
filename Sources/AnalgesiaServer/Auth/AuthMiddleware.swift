import Foundation
import HTTPTypes
import Hummingbird

/// Finds out who sent the request, before rate limiting so that a valid API key gets its own
/// bucket while made-up keys fall back to the sender's address: for operations that list the
/// `apiKey` scheme in openapi.yaml, a sent `Authorization: Bearer <token>` is looked up (by its
/// SHA-256, compared in constant time) and the outcome stored in the context. Nothing is refused
/// here; `AuthorizationMiddleware` decides once the request has passed the contract checks.
/// The token is never logged.
struct AuthenticationMiddleware<Context: APIRequestContext>: RouterMiddleware {
    let keys: APIKeyStore

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization],
            context.route?.operation(for: request.method)?.acceptsKey == true
        else { return try await next(request, context) }
        var context = context
        context.caller = try await identify(header)
        return try await next(request, context)
    }

    private func identify(_ header: String) async throws -> Caller {
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            return .refused(.unauthorized("The Authorization header must be 'Bearer <token>'.", error: "invalid_request"))
        }
        guard let principal = try await keys.authenticate(String(parts[1]).trimmingCharacters(in: .whitespaces)) else {
            return .refused(.unauthorized("The API key is unknown or revoked.", error: "invalid_token"))
        }
        return .key(principal)
    }
}

/// Enforces each operation's security as openapi.yaml declares it: `x-required-role` operations
/// need a key of that role (or a higher one); reads that list the `apiKey` scheme need a key only
/// when `requireKeyForReads` is set, but a key sent anyway must be valid. A missing or bad key
/// answers 401 with a Bearer challenge, a too-weak role 403. The verified principal is handed to
/// the handlers as `Principal.current`.
struct AuthorizationMiddleware<Context: APIRequestContext>: RouterMiddleware {
    let requireKeyForReads: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let operation = context.route?.operation(for: request.method), operation.acceptsKey else {
            return try await next(request, context)
        }
        let required: APIKeyRole? =
            operation.requiredRole.flatMap(APIKeyRole.init(rawValue:))
            ?? ((requireKeyForReads || !operation.allowsAnonymous) ? .reader : nil)
        switch context.caller {
        case .refused(let problem):
            throw problem
        case .anonymous:
            guard let required else { return try await next(request, context) }
            throw ProblemError.unauthorized(
                "This operation needs an API key with the role \(required.rawValue) or higher: send Authorization: Bearer <token>.",
                error: nil
            )
        case .key(let principal):
            if let required, principal.role < required {
                throw ProblemError(
                    status: .forbidden,
                    type: "/problems/forbidden",
                    title: "Forbidden",
                    detail: "The key \(principal.keyID) has the role \(principal.role.rawValue); this operation needs \(required.rawValue) or higher."
                )
            }
            return try await Principal.$current.withValue(principal) {
                try await next(request, context)
            }
        }
    }
}
