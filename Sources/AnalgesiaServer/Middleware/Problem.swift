import AnalgesiaAPI
import Foundation
import HTTPTypes
import OpenAPIRuntime

/// An RFC 9457 problem: every error the service answers with, whichever layer produced it.
struct ProblemError: Error, HTTPResponseConvertible, CustomStringConvertible {
    var status: HTTPResponse.Status
    /// A stable identifier of the kind of problem, e.g. `/problems/invalid-parameter`.
    var type: String
    var title: String
    var detail: String
    var invalidParams: [Components.Schemas.InvalidParam] = []
    var suggestions: [String] = []
    var extraHeaders: HTTPFields = [:]

    var description: String { "\(status.code) \(title): \(detail)" }

    // MARK: Kinds of problem

    static func invalidParameter(
        _ name: String,
        in location: Components.Schemas.InvalidParam.InPayload,
        reason: String,
        allowed: [String]? = nil,
        suggestions: [String] = []
    ) -> ProblemError {
        let where_ = location == .body ? "Field" : "\(location.rawValue.capitalized) parameter"
        return ProblemError(
            status: .badRequest,
            type: "/problems/invalid-parameter",
            title: "Invalid parameter",
            detail: "\(where_) '\(name)' \(reason)",
            invalidParams: [.init(name: name, _in: location, reason: reason, allowed: allowed)],
            suggestions: suggestions
        )
    }

    static func notFound(_ detail: String, suggestions: [String] = []) -> ProblemError {
        ProblemError(status: .notFound, type: "/problems/not-found", title: "Not found", detail: detail, suggestions: suggestions)
    }

    static func methodNotAllowed(method: String, path: String, allowed: [String]) -> ProblemError {
        var headers = HTTPFields()
        headers[.allow] = allowed.joined(separator: ", ")
        return ProblemError(
            status: .methodNotAllowed,
            type: "/problems/method-not-allowed",
            title: "Method not allowed",
            detail: "\(method) is not supported on \(path); allowed: \(allowed.joined(separator: ", ")).",
            extraHeaders: headers
        )
    }

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

    /// 400 for a request that is not valid HTTP/1.1 (bad chunked framing, a broken head), with
    /// `Connection: close`: after a framing error the next request's start cannot be found.
    static var malformedRequest: ProblemError {
        var headers = HTTPFields()
        headers[.connection] = "close"
        return ProblemError(
            status: .badRequest,
            type: "/problems/malformed-request",
            title: "Malformed request",
            detail: "The request is not valid HTTP/1.1 (for example a chunked body with a malformed chunk size); the connection is closed.",
            extraHeaders: headers
        )
    }

    static func notReady(_ detail: String) -> ProblemError {
        ProblemError(status: .serviceUnavailable, type: "/problems/not-ready", title: "Not ready", detail: detail)
    }

    static func internalError() -> ProblemError {
        ProblemError(
            status: .internalServerError,
            type: "/problems/internal-error",
            title: "Internal error",
            detail: "The service failed to answer this request. It has been logged; quote the request id when reporting it."
        )
    }

    /// A problem for a status the framework produced on its own (404 route, 413, ...).
    static func forStatus(_ status: HTTPResponse.Status, detail: String? = nil) -> ProblemError {
        let slug = status.reasonPhrase.lowercased().replacingOccurrences(of: " ", with: "-")
        return ProblemError(
            status: status,
            type: "/problems/\(slug)",
            title: status.reasonPhrase,
            detail: detail ?? "The request failed with status \(status.code) \(status.reasonPhrase)."
        )
    }

    /// " Did you mean a, b?" for suggestions, or nothing.
    static func didYouMean(_ suggestions: some Collection<String>) -> String {
        suggestions.isEmpty ? "" : " Did you mean \(suggestions.joined(separator: ", "))?"
    }

    // MARK: Encoding

    static let contentType = "application/problem+json"

    /// The body, with the request path and id filled in when known.
    func body(instance: String? = nil, requestID: String? = nil) -> Data {
        let problem = Components.Schemas.Problem(
            _type: type,
            title: title,
            status: Int(status.code),
            detail: detail,
            instance: instance,
            requestId: requestID,
            invalidParams: invalidParams.isEmpty ? nil : invalidParams,
            suggestions: suggestions.isEmpty ? nil : suggestions
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = APIJSON.formatting
        return (try? encoder.encode(problem)) ?? Data(#"{"status":\#(status.code),"title":"\#(title)"}"#.utf8)
    }

    /// Response headers: the problem content type and any extras such as `Allow`.
    var headers: HTTPFields {
        var fields = extraHeaders
        fields[.contentType] = Self.contentType
        return fields
    }

    // MARK: HTTPResponseConvertible (used by the OpenAPI runtime's ErrorHandlingMiddleware)

    var httpStatus: HTTPResponse.Status { status }
    var httpHeaderFields: HTTPFields { headers }
    var httpBody: HTTPBody? { HTTPBody(body()) }
}

extension HTTPField.Name {
    /// The request id header, accepted from clients and echoed back.
    static let requestID = HTTPField.Name("X-Request-Id")!
    /// The knowledge base that answered.
    static let knowledgeBaseVersion = HTTPField.Name("Knowledge-Base-Version")!
}
