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
    /// Answers CDS Hooks calls (problem lists, cards).
    let cds: CDSHookResponder
    let metrics: ServiceMetrics
    let logger: Logger
    /// Curated writes, history, export and import.
    let curation: CurationStore
    let keys: APIKeyStore
    /// The HTML pages.
    let pages: PageRenderer

    static let defaultLimit = 20

    /// A 400 problem for a filter naming an item that does not exist, with close matches.
    static func unknownReference(_ parameter: String, kind: String, value: String, known: [String]) -> ProblemError {
        let suggestions = KnowledgeBase.closest(to: value, among: known)
        return .invalidParameter(
            parameter,
            in: .query,
            reason:
                "names no known \(kind) ('\(value)').\(ProblemError.didYouMean(suggestions)) See /v1/\(kind == "guideline" ? "guidelines" : kind + "s") for the list.",
            suggestions: suggestions
        )
    }

    /// Parses `system|code`; 400 naming the parameter and the allowed systems otherwise.
    static func parseCodedToken(
        _ token: String,
        parameter: String,
        location: Components.Schemas.InvalidParam.InPayload
    ) throws -> (CodeSystem, String) {
        let parts = token.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)
        let systems = CodeSystem.allCases.map(\.rawValue)
        guard parts.count == 2, !parts[1].trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ProblemError.invalidParameter(
                parameter,
                in: location,
                reason: "must be a coded token 'system|code', for example 'http://hl7.org/fhir/sid/icd-10-cm|M79.7'.",
                allowed: systems
            )
        }
        guard let system = CodeSystem(rawValue: String(parts[0])) else {
            throw ProblemError.invalidParameter(
                parameter,
                in: location,
                reason: "uses the unknown code system '\(parts[0].prefix(100))'; allowed: \(systems.joined(separator: ", ")).",
                allowed: systems
            )
        }
        return (system, String(parts[1]))
    }

    /// 410 for a deleted item (its history stays readable), else 404 with close matches.
    func missing(_ served: ServedKnowledge, _ kind: ItemKind, key: String, known: [String]) -> ProblemError {
        if served.isDeleted(kind, key) {
            return .gone("The \(kind.rawValue) '\(key)' was deleted. Its history is at /v1/\(kind.plural)/\(key)/history.")
        }
        return notFound(kind: kind.rawValue, key: key, known: known)
    }

    func notFound(kind: String, key: String, known: [String]) -> ProblemError {
        let suggestions = KnowledgeBase.closest(to: key, among: known)
        return .notFound(
            "No \(kind) has the \(kind == "finding" ? "id" : "slug") '\(key)'.\(ProblemError.didYouMean(suggestions))",
            suggestions: suggestions
        )
    }
}
