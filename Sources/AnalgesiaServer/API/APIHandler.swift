import AnalgesiaAPI
import AnalgesiaKnowledge
import Foundation
import Logging

/// The implementation of the generated `APIProtocol`, one extension file per OpenAPI tag.
/// Reads come from the in-memory snapshot; only search and readiness touch the database.
struct APIHandler: APIProtocol {
    let store: KnowledgeStore
    let repository: any KnowledgeRepository
    let contract: Contract
    let feedback: any FeedbackRepository
    /// The URL EHRs reach this service at, for card links and JWT audiences.
    let cdsPublicURL: String
    let metrics: ServiceMetrics
    let logger: Logger

    static let defaultLimit = 20

    /// The 304 answer for a snapshot and entity tag.
    static func notModified(_ served: ServedKnowledge, etag: String) -> Components.Responses.NotModified {
        .init(headers: .init(eTag: etag, knowledgeBaseVersion: served.version))
    }

    /// A 400 problem for a filter naming an item that does not exist, with close matches.
    static func unknownReference(_ parameter: String, kind: String, value: String, known: [String]) -> ProblemError {
        let suggestions = KnowledgeBase.closest(to: value, among: known)
        let hint = suggestions.isEmpty ? "" : " Did you mean \(suggestions.joined(separator: ", "))?"
        return .invalidParameter(
            parameter,
            in: .query,
            reason: "names no known \(kind) ('\(value)').\(hint) See /v1/\(kind == "guideline" ? "guidelines" : kind + "s") for the list.",
            suggestions: suggestions
        )
    }
}
