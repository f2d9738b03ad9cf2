import AnalgesiaAPI
import HTTPTypes
import Hummingbird

/// Answers `POST /v1/recommendations` with the advice written by `AdviceRenderer`, from parts
/// encoded once per knowledge snapshot, instead of through the generated serializer, whose
/// JSONEncoder pass over the ~20 KB answer was the largest cost of a profile the response cache
/// has not seen. The bytes are the same (`AdviceRendererTests`, and `RecommendationAPITests`
/// compares the two paths over HTTP).
///
/// It runs innermost, after the contract, authorisation, body-limit, response-cache and body-schema
/// middleware, so everything they check still holds, and it reads the profile from the body the
/// schema walk parsed and checked (`context.checkedBody`) instead of parsing it again. It takes
/// only the common request: a JSON body the schema walk passed, `Accept` absent, `*/*` or
/// `application/json`, and no query or exactly `explain=true|false`. Anything else, and any request that would not answer 200 (bounds,
/// unknown conditions), goes on to the generated handler, which answers it as before.
struct RenderedAdviceMiddleware<Context: APIRequestContext>: RouterMiddleware {
    let handler: APIHandler

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .post,
            context.route?.operation(for: .post)?.operationID == "createRecommendation",
            Self.isJSON(request.headers[.contentType]), Self.acceptsJSON(request.headers[.accept]),
            let explain = Self.explain(request.uri.query), let checked = context.checkedBody
        else { return try await next(request, context) }
        guard let body = try? Components.Schemas.PatientProfile(checked: checked),
            let answer = try? handler.recommendation(for: body, explain: explain)
        else { return try await next(request, context) }
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.knowledgeBaseVersion] = answer.served.version
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: answer.served.renderer.render(answer.advice)))
    }

    static func isJSON(_ contentType: String?) -> Bool {
        guard let contentType else { return false }
        let media = contentType.utf8.firstIndex(of: UInt8(ascii: ";")).map { contentType[..<$0] } ?? contentType[...]
        return equalsIgnoringCase(trimmed(media.utf8), "application/json")
    }

    static func acceptsJSON(_ accept: String?) -> Bool {
        guard let accept else { return true }
        let media = trimmed(accept.utf8[...])
        return equalsIgnoringCase(media, "*/*") || equalsIgnoringCase(media, "application/json")
    }

    /// Without leading and trailing spaces and tabs (RFC 9110 OWS). Plain bytes, not
    /// Foundation's `trimmingCharacters`, which was 2% of this path's CPU; a header with other
    /// whitespace is simply not taken here and goes to the generated handler.
    private static func trimmed(_ bytes: Substring.UTF8View) -> Substring.UTF8View {
        let isSpace = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        guard let first = bytes.firstIndex(where: { !isSpace($0) }), let last = bytes.lastIndex(where: { !isSpace($0) }) else {
            return bytes[bytes.startIndex..<bytes.startIndex]
        }
        return bytes[first...last]
    }

    /// ASCII case-insensitive equality with a lowercase `expected`.
    private static func equalsIgnoringCase(_ bytes: Substring.UTF8View, _ expected: StaticString) -> Bool {
        let wanted = UnsafeBufferPointer(start: expected.utf8Start, count: expected.utf8CodeUnitCount)
        return bytes.count == wanted.count
            && zip(bytes, wanted).allSatisfy { byte, want in
                (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 == want : byte == want
            }
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
