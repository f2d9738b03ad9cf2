import Hummingbird
import Logging

/// Verifies the bearer JWT of a CDS Hooks call (POST /cds-services/…) before rate limiting, so
/// that the limiter can key on the verified issuer and tenant instead of the address (a hospital's
/// EHR traffic arrives through one proxy). Nothing is refused here: the outcome goes into the
/// context, and `CDSAuthMiddleware` answers 401 once the request has passed the contract checks.
/// A refused token counts against its sender's address. The token is never logged.
struct CDSAuthenticationMiddleware<Context: APIRequestContext>: RouterMiddleware {
    let verifier: CDSJWTVerifier?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let verifier, request.method == .post, request.uri.path.hasPrefix("/cds-services/"),
            let authorization = request.headers[.authorization], let token = CDSAuthMiddleware<Context>.bearerToken(authorization)
        else { return try await next(request, context) }
        var context = context
        do {
            context.cdsCaller = .verified(try await verifier.verify(token, path: request.uri.path))
        } catch {
            let reason = (error as? CDSAuthError)?.description ?? "the token could not be verified"
            context.logger.info("CDS Hooks call refused", metadata: ["reason": "\(reason)"])
            context.cdsCaller = .refused(CDSAuthMiddleware<Context>.unauthorized("The bearer token was refused: \(reason)."))
        }
        return try await next(request, context)
    }
}
