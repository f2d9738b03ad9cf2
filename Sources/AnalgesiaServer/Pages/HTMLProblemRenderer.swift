import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Renders an error as an HTML page for a person: a browser (its `Accept` names text/html) asking
/// for a page or for a path that does not exist. Programs keep getting problem+json.
struct HTMLProblemRenderer: Sendable {
    let pages: PageRenderer
    let store: KnowledgeStore

    /// Paths served as JSON or text to programs, where an error stays problem+json.
    static let programPrefixes = ["/v1/", "/cds-services", "/health/", "/metrics", "/openapi.yaml", "/assets/"]

    /// The HTML answer for `problem`, or nil when the request should get problem+json.
    func response(for problem: ProblemError, request: Request, requestID: String) -> Response? {
        let path = request.uri.path
        guard request.method == .get || request.method == .head,
            Self.programPrefixes.allSatisfy({ !path.hasPrefix($0) }),
            request.headers[.accept]?.contains("text/html") == true
        else { return nil }
        let model = ErrorPageModel(
            title: problem.title,
            detail: problem.detail + " (Request \(requestID).)",
            suggestions: problem.suggestions.map { .init(href: "/search?q=\(PageText.queryValue($0))", label: $0) },
            version: store.current?.version ?? "not loaded"
        )
        var headers = problem.headers
        headers[.contentType] = "text/html; charset=utf-8"
        return Response(status: problem.status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: pages.render("error", model))))
    }
}
