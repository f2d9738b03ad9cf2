import Foundation
import HTTPTypes
import Hummingbird

/// The generated server percent-encodes header values it serialises (an upstream issue), which
/// turns `"abc"` into `%22abc%22` and `1.0.0+abc` into `1.0.0%2Babc`. This restores the values
/// of the headers this service declares, so clients see valid entity tags and versions.
struct ResponseHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    static var decodedHeaders: [HTTPField.Name] { [.eTag, .knowledgeBaseVersion, .location] }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        for name in Self.decodedHeaders {
            if let value = response.headers[name], value.contains("%"), let decoded = value.removingPercentEncoding {
                response.headers[name] = decoded
            }
        }
        return response
    }
}
