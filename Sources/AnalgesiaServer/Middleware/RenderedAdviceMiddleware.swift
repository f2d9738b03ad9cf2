import AnalgesiaAPI
import Foundation
import HTTPTypes
import Hummingbird

/// Answers `POST /v1/recommendations` with the advice written by `AdviceRenderer`, from parts
/// encoded once per knowledge snapshot, instead of through the generated serializer, whose
/// JSONEncoder pass over the ~20 KB answer was the largest cost of a profile the response cache
/// has not seen. The bytes are the same (`AdviceRendererTests`, and `RecommendationAPITests`
/// compares the two paths over HTTP).
///
/// It runs innermost, after the contract, authorisation, body-limit, response-cache and body-schema
/// middleware, so everything they check still holds. It takes only the common request: a JSON body
/// the typed decoder reads, `Accept` absent, `*/*` or `application/json`, and no query or exactly
/// `explain=true|false`. Anything else, and any request that would not answer 200 (bounds,
/// unknown conditions), goes on to the generated handler, which answers it as before.
struct RenderedAdviceMiddleware<Context: APIRequestContext>: RouterMiddleware {
    let handler: APIHandler
    let maxBodyBytes: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .post,
            context.route?.operation(for: .post)?.operationID == "createRecommendation",
            Self.isJSON(request.headers[.contentType]), Self.acceptsJSON(request.headers[.accept]),
            let explain = Self.explain(request.uri.query)
        else { return try await next(request, context) }
        var request = request
        let buffer = try await request.collectBody(upTo: maxBodyBytes)
        guard let body = try? JSONDecoder().decode(Components.Schemas.PatientProfile.self, from: Data(buffer.readableBytesView)),
            let answer = try? handler.recommendation(for: body, explain: explain)
        else { return try await next(request, context) }
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.knowledgeBaseVersion] = answer.served.version
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: answer.served.renderer.render(answer.advice)))
    }

    static func isJSON(_ contentType: String?) -> Bool {
        guard let contentType else { return false }
        let media = contentType.split(separator: ";", maxSplits: 1).first ?? ""
        return media.trimmingCharacters(in: .whitespaces).lowercased() == "application/json"
    }

    static func acceptsJSON(_ accept: String?) -> Bool {
        guard let accept else { return true }
        return ["*/*", "application/json"].contains(accept.trimmingCharacters(in: .whitespaces).lowercased())
    }

    /// The `explain` flag for a query the fast path takes; nil for any other query.
    static func explain(_ query: String?) -> Bool? {
        switch query ?? "" {
        case "", "explain=false": false
        case "explain=true": true
        default: nil
        }
    }
}
