import AnalgesiaAPI
import Foundation
import HTTPTypes
import Logging
import OpenAPIRuntime

/// Turns every error thrown while decoding a request, running a handler or encoding its answer
/// into problem+json: a `ProblemError` as it is, a client mistake the runtime detected (bad
/// JSON, wrong content type, a missing field) as 4xx naming what was wrong, anything else as a
/// logged 500 that reveals nothing.
struct OpenAPIProblemMiddleware: ServerMiddleware {
    let logger: Logger
    /// The contract, to name allowed values in messages.
    var contract: Contract? = nil

    func intercept(
        _ request: HTTPRequest,
        body: HTTPBody?,
        metadata: ServerRequestMetadata,
        operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        do {
            return try await next(request, body, metadata)
        } catch {
            let problem = problem(for: error, operationID: operationID, requestID: request.headerFields[.requestID])
            let path = request.path.map { String($0.prefix { $0 != "?" }) }
            return (
                HTTPResponse(status: problem.status, headerFields: problem.headers),
                HTTPBody(problem.body(instance: path, requestID: request.headerFields[.requestID]))
            )
        }
    }

    func problem(for error: any Error, operationID: String, requestID: String?) -> ProblemError {
        let serverError = error as? ServerError
        let underlying = serverError?.underlyingError ?? error
        if let problem = underlying as? ProblemError { return problem }
        if let persistence = underlying as? PersistenceError { return .persistence(persistence) }
        if let decoding = underlying as? DecodingError {
            return describe(decoding, operationID: operationID)
        }
        if let serverError, (400..<500).contains(serverError.httpStatus.code) {
            return .forStatus(serverError.httpStatus, detail: "\(serverError.causeDescription): \(underlying)")
        }
        logger.error(
            "Handler failed",
            metadata: ["operation": "\(operationID)", "request.id": "\(requestID ?? "-")", "error": "\(String(reflecting: underlying))"]
        )
        return .internalError()
    }

    /// Names the field and what was expected, without Swift type names; enum fields list
    /// their allowed values and unknown fields the accepted ones, from the contract.
    func describe(_ error: DecodingError, operationID: String) -> ProblemError {
        let properties = contract?.operation(operationID)?.bodyProperties ?? [:]
        func field(_ path: [any CodingKey]) -> String {
            let rendered = path.map { key in key.intValue.map { "[\($0)]" } ?? ".\(key.stringValue)" }.joined()
            return rendered.hasPrefix(".") ? String(rendered.dropFirst()) : (rendered.isEmpty ? "(body)" : rendered)
        }
        func allowed(_ path: [any CodingKey]) -> [String]? {
            path.first.flatMap { properties[$0.stringValue]?.allowedValues }
        }
        switch error {
        case .keyNotFound(let key, let context):
            return .invalidParameter(field(context.codingPath + [key]), in: .body, reason: "is required but missing.")
        case .typeMismatch(let type, let context):
            return .invalidParameter(
                field(context.codingPath),
                in: .body,
                reason: "has the wrong type; expected \(Self.jsonType(type)).",
                allowed: allowed(context.codingPath)
            )
        case .valueNotFound(let type, let context):
            return .invalidParameter(
                field(context.codingPath),
                in: .body,
                reason: "must not be null; expected \(Self.jsonType(type))."
            )
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                return ProblemError(
                    status: .badRequest,
                    type: "/problems/malformed-body",
                    title: "Malformed body",
                    detail: "The request body is not valid JSON, or not a JSON object."
                )
            }
            if context.debugDescription.hasPrefix("Additional properties are disabled") {
                let accepted = properties.keys.sorted()
                return .invalidParameter(
                    field(context.codingPath),
                    in: .body,
                    reason: "is not an accepted field" + (accepted.isEmpty ? "." : "; accepted: \(accepted.joined(separator: ", "))."),
                    allowed: accepted.isEmpty ? nil : accepted
                )
            }
            if let values = allowed(context.codingPath) {
                return .invalidParameter(
                    field(context.codingPath),
                    in: .body,
                    reason: "must be one of \(values.joined(separator: ", ")).",
                    allowed: values
                )
            }
            return .invalidParameter(field(context.codingPath), in: .body, reason: "has an invalid value.")
        @unknown default:
            return ProblemError(
                status: .badRequest,
                type: "/problems/malformed-body",
                title: "Malformed body",
                detail: "The request body could not be read."
            )
        }
    }

    static func jsonType(_ type: Any.Type) -> String {
        switch type {
        case is String.Type, is Substring.Type: "a string"
        case is Int.Type, is Int64.Type, is Int32.Type: "an integer"
        case is Double.Type, is Float.Type: "a number"
        case is Bool.Type: "a boolean"
        default:
            String(describing: type).hasPrefix("Array") ? "an array" : "an object or a value from the documented list"
        }
    }
}
