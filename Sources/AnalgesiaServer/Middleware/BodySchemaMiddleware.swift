import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Checks JSON request bodies against the operation's schema in openapi.yaml before the generated
/// server decodes them: types (`null` included: an optional member may be absent, not null),
/// required and unknown members, enums, lengths, patterns, ranges and item counts. The generated
/// decoder checks types only and lets `null` pass for optional members; this makes every
/// documented bound real. A body that breaks its schema answers 400 naming each wrong field.
/// Operations marked `x-body-validation: decoder` (the CDS Hooks calls) are left to their typed
/// decoder and handler, so a large body is parsed once, not twice. A body that passes is handed
/// down as `context.checkedBody`, so an inner reader need not parse the same bytes again.
struct BodySchemaMiddleware<Context: APIRequestContext>: RouterMiddleware {
    let contract: Contract
    let maxBodyBytes: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard [.post, .put, .patch].contains(request.method),
            let contentType = request.headers[.contentType]?.lowercased(),
            contentType.hasPrefix("application/json") || contentType.hasPrefix("application/merge-patch+json"),
            let operation = context.route?.operation(for: request.method), operation.walksBodySchema,
            let schema = operation.bodySchema
        else { return try await next(request, context) }
        var request = request
        let buffer = try await request.collectBody(upTo: maxBodyBytes)
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(buffer.readableBytesView)) else {
            throw ProblemError(
                status: .badRequest,
                type: "/problems/malformed-body",
                title: "Malformed body",
                detail: "The request body is not valid JSON."
            )
        }
        let violations = SchemaValidator(contract: contract).violations(of: value, against: schema)
        if !violations.isEmpty {
            var problem = ProblemError.invalidItem(violations)
            problem.status = .badRequest
            problem.type = "/problems/invalid-body"
            problem.title = "Invalid body"
            throw problem
        }
        var context = context
        context.checkedBody = value
        return try await next(request, context)
    }
}
