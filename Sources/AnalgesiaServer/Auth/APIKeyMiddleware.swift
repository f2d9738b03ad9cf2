import Foundation
import HTTPTypes
import Hummingbird

/// Enforces each operation's security as openapi.yaml declares it: `x-required-role` operations
/// need a key of that role (or a higher one); reads that list the `apiKey` scheme need a key only
/// when `requireKeyForReads` is set, but a key sent anyway must be valid. A missing or bad key
/// answers 401 with a Bearer challenge, a too-weak role 403. The token is never logged.
struct APIKeyMiddleware<Context: RequestContext>: RouterMiddleware {
    let contract: Contract
    let keys: APIKeyStore
    let requireKeyForReads: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let (item, _) = contract.pathItem(for: request.uri.path),
            let operation = item.operations[request.method == .head ? .get : request.method],
            operation.acceptsKey
        else { return try await next(request, context) }
        let required: APIKeyRole? =
            operation.requiredRole.flatMap(APIKeyRole.init(rawValue:))
            ?? ((requireKeyForReads || !operation.allowsAnonymous) ? .reader : nil)
        guard let header = request.headers[.authorization] else {
            guard let required else { return try await next(request, context) }
            throw ProblemError.unauthorized(
                "This operation needs an API key with the role \(required.rawValue) or higher: send Authorization: Bearer <token>.",
                error: nil
            )
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw ProblemError.unauthorized("The Authorization header must be 'Bearer <token>'.", error: "invalid_request")
        }
        guard let principal = try await keys.authenticate(String(parts[1]).trimmingCharacters(in: .whitespaces)) else {
            throw ProblemError.unauthorized("The API key is unknown or revoked.", error: "invalid_token")
        }
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

extension ProblemError {
    /// 401 with a Bearer challenge (RFC 6750), `error` naming what was wrong with a sent token.
    static func unauthorized(_ detail: String, realm: String = "exercise-analgesia", error: String?) -> ProblemError {
        var headers = HTTPFields()
        headers[.wwwAuthenticate] = "Bearer realm=\"\(realm)\"" + (error.map { ", error=\"\($0)\"" } ?? "")
        return ProblemError(
            status: .unauthorized,
            type: "/problems/unauthorized",
            title: "Unauthorized",
            detail: detail,
            extraHeaders: headers
        )
    }
}
