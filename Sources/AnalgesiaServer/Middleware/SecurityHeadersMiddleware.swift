import HTTPTypes
import Hummingbird

/// Headers every response carries: `X-Content-Type-Options: nosniff`, `Referrer-Policy`, and a
/// `Cache-Control` fit for the route. Knowledge reads may be stored but must be revalidated
/// (`no-cache`: the ETag makes that a cheap 304, and a corrected item is never served stale);
/// anything about a patient, a key or a write, and every error, must not be stored (`no-store`);
/// the contract and the pages' stylesheet may be cached for five minutes. HTML pages also carry a
/// Content-Security-Policy that allows nothing but the service's own stylesheet (no script at all)
/// and the configured frame ancestors. No `Server` header is sent (serverName is nil).
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The CSP `frame-ancestors` source list for HTML pages (`pages.frameAncestors`).
    var frameAncestors = "'none'"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.referrerPolicy] = "no-referrer"
        // The pages are UTF-8; say so in the header, not only in the document.
        if let type = response.headers[.contentType], type == "text/html" || type == "text/css" {
            response.headers[.contentType] = type + "; charset=utf-8"
        }
        if response.headers[.contentType]?.hasPrefix("text/html") == true {
            response.headers[.contentSecurityPolicy] =
                "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors \(frameAncestors)"
        }
        if response.headers[.cacheControl] == nil {
            response.headers[.cacheControl] = Self.cacheControl(request: request, status: response.status)
        }
        return response
    }

    static func cacheControl(request: Request, status: HTTPResponse.Status) -> String {
        let path = request.uri.path
        let isRead = request.method == .get || request.method == .head
        guard isRead, status == .ok || status == .notModified else { return "no-store" }
        if path == "/openapi.yaml" || path == "/assets/style.css" { return "public, max-age=300" }
        if path.hasPrefix("/v1/keys") || path.hasPrefix("/health") || path == "/metrics" || path == "/v1/export" {
            return "no-store"
        }
        if path.hasPrefix("/v1/") || path == "/cds-services" { return "no-cache" }
        // Knowledge pages as the JSON they mirror; /recommend describes a patient: no-store.
        if path == "/" || path == "/search" || ["/conditions/", "/findings/", "/mechanisms/", "/guidelines/"].contains(where: path.hasPrefix) {
            return "no-cache"
        }
        return "no-store"
    }
}

extension HTTPField.Name {
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
}
