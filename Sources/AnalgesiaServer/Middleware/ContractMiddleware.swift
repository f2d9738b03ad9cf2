import AnalgesiaAPI
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore

/// Finds the request's route in openapi.yaml once, for every middleware after it (authentication,
/// rate limiting, contract checks, authorization, body schemas).
struct RouteResolutionMiddleware<Context: APIRequestContext>: RouterMiddleware {
    let contract: Contract

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.route = contract.route(for: request.uri.path)
        return try await next(request, context)
    }
}

/// Enforces openapi.yaml where the generated server does not: a known path with a wrong method
/// answers 405 with `Allow` (HEAD is checked as the GET it stands for; OPTIONS lists the methods);
/// unknown, repeated (except lists, which repeat once per value up to `maxItems`), missing or
/// malformed query and path parameters answer 400 naming the parameter and what is allowed. The generated server then sees only valid input.
struct ContractMiddleware<Context: APIRequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let route = context.route else { return try await next(request, context) }
        let method = request.method
        if method == .options {
            var headers = HTTPFields()
            headers[.allow] = (route.item.allowedMethods + ["OPTIONS"]).sorted().joined(separator: ", ")
            return Response(status: .noContent, headers: headers)
        }
        guard let operation = route.operation(for: method) else {
            throw ProblemError.methodNotAllowed(method: method.rawValue, path: request.uri.path, allowed: route.item.allowedMethods)
        }
        try Self.validate(pathValues: route.pathValues, query: request.uri.queryParameters, against: operation)
        for parameter in operation.parameters(in: .header) {
            guard let name = HTTPField.Name(parameter.name) else { continue }
            if let value = request.headers[name] {
                try Self.check(value, parameter)
            } else if parameter.required {
                // A write without If-Match could silently undo someone else's change: 428 (RFC 6585).
                if name == .ifMatch { throw ProblemError.versionRequired }
                throw ProblemError.invalidParameter(parameter.name, in: .header, reason: "is required.")
            }
        }
        // HEAD reaches the GET handler through the router's generated HEAD endpoints.
        return try await next(request, context)
    }

    static func validate(
        pathValues: [String: String],
        query: FlatDictionary<Substring, Substring>,
        against operation: Contract.Operation
    ) throws {
        for parameter in operation.parameters(in: .path) {
            if let value = pathValues[parameter.name] {
                try check(value, parameter)
            }
        }
        let declared = operation.parameters(in: .query)
        var seen: [String: Int] = [:]
        for (rawName, _) in query {
            let name = String(rawName).removingPercentEncoding ?? String(rawName)
            if name.isEmpty { continue }
            seen[name, default: 0] += 1
            guard declared.contains(where: { $0.name == name }) else {
                let allowed = declared.map(\.name)
                throw ProblemError.invalidParameter(
                    String(name.prefix(64)),
                    in: .query,
                    reason: allowed.isEmpty
                        ? "is not accepted here; this operation takes no query parameters."
                        : "is not accepted here; allowed: \(allowed.joined(separator: ", ")).",
                    allowed: allowed
                )
            }
        }
        for parameter in declared {
            let count = seen[parameter.name] ?? 0
            if parameter.schema.type == "array", let items = parameter.schema.items?.schema {
                // A list (style form, explode): the parameter repeats once per value.
                if let maximum = parameter.schema.maxItems, count > maximum {
                    throw ProblemError.invalidParameter(parameter.name, in: .query, reason: "was given \(count) times; give it at most \(maximum) times.")
                }
                let item = Contract.Parameter(name: parameter.name, location: parameter.location, required: false, schema: items)
                for (name, value) in query where (name.removingPercentEncoding ?? String(name)) == parameter.name {
                    try check(String(value).removingPercentEncoding ?? String(value), item)
                }
                continue
            }
            if count > 1 {
                throw ProblemError.invalidParameter(parameter.name, in: .query, reason: "was given \(count) times; give it at most once.")
            }
            if count == 0 {
                if parameter.required {
                    throw ProblemError.invalidParameter(parameter.name, in: .query, reason: "is required.")
                }
                continue
            }
            let value = query.first { ($0.key.removingPercentEncoding ?? String($0.key)) == parameter.name }.map { String($0.value) } ?? ""
            try check(value, parameter)
        }
    }

    /// Checks one value against its declared schema.
    static func check(_ value: String, _ parameter: Contract.Parameter) throws {
        let schema = parameter.schema
        let location: Components.Schemas.InvalidParam.InPayload =
            switch parameter.location {
            case .path: .path
            case .header: .header
            default: .query
            }
        let shown = value.count > 64 ? "\(value.prefix(64))… (\(value.count) characters)" : value
        func fail(_ reason: String, allowed: [String]? = nil) -> ProblemError {
            .invalidParameter(parameter.name, in: location, reason: "\(reason); got '\(shown)'.", allowed: allowed)
        }
        if let values = schema.enumValues {
            guard values.contains(value) else {
                throw fail("must be one of \(values.joined(separator: ", "))", allowed: values)
            }
            return
        }
        switch schema.type {
        case "integer":
            let range = "\(schema.minimum.map { String(Int($0)) } ?? "any") to \(schema.maximum.map { String(Int($0)) } ?? "any")"
            guard let number = Int(value), schema.minimum.map({ Double(number) >= $0 }) ?? true,
                schema.maximum.map({ Double(number) <= $0 }) ?? true
            else { throw fail("must be an integer from \(range)") }
        case "number":
            guard let number = Double(value), number.isFinite, schema.minimum.map({ number >= $0 }) ?? true,
                schema.maximum.map({ number <= $0 }) ?? true
            else { throw fail("must be a number within the documented range") }
        case "boolean":
            guard value == "true" || value == "false" else { throw fail("must be true or false", allowed: ["true", "false"]) }
        default:
            if let minimum = schema.minLength, value.count < minimum {
                throw fail("must be at least \(minimum) character\(minimum == 1 ? "" : "s") long")
            }
            if let maximum = schema.maxLength, value.count > maximum {
                throw fail("must be at most \(maximum) characters long")
            }
            if let pattern = schema.pattern, !pattern.matches(value) {
                throw fail("must match the pattern \(pattern.source)")
            }
        }
    }
}
