import AnalgesiaAPI
import AnalgesiaKnowledge
import Foundation

extension APIHandler {

    func listConditions(_ input: Operations.ListConditions.Input) async throws -> Operations.ListConditions.Output {
        let served = try store.require()
        var conditions = served.knowledge.conditions
        if let token = input.query.code {
            let (system, code) = try Self.parseCodedToken(token, parameter: "code", location: .query)
            conditions = served.knowledge.conditions(matching: system, code: code)
        }
        let answer = try answer(
            served,
            operation: "listConditions",
            path: "/v1/conditions",
            query: [("code", input.query.code)],
            items: conditions,
            cursor: input.query.cursor,
            limit: input.query.limit,
            sortKey: \.slug,
            represent: { served.conditions[$0.slug]?.value }
        )
        if ETag.ifNoneMatch(input.headers.ifNoneMatch, matches: answer.etag) {
            return .notModified(Self.notModified(served, etag: answer.etag))
        }
        return .ok(
            .init(
                headers: .init(eTag: answer.etag, knowledgeBaseVersion: served.version),
                body: .json(.init(data: answer.data, page: answer.page, links: answer.links))
            )
        )
    }

    func getCondition(_ input: Operations.GetCondition.Input) async throws -> Operations.GetCondition.Output {
        let served = try store.require()
        guard let item = served.conditions[input.path.slug] else {
            throw notFound(kind: "condition", key: input.path.slug, known: served.knowledge.conditions.map(\.slug))
        }
        if ETag.ifNoneMatch(input.headers.ifNoneMatch, matches: item.etag) {
            return .notModified(Self.notModified(served, etag: item.etag))
        }
        return .ok(.init(headers: .init(eTag: item.etag, knowledgeBaseVersion: served.version), body: .json(item.value)))
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

    func notFound(kind: String, key: String, known: [String]) -> ProblemError {
        let suggestions = KnowledgeBase.closest(to: key, among: known)
        let hint = suggestions.isEmpty ? "" : " Did you mean \(suggestions.joined(separator: ", "))?"
        return .notFound("No \(kind) has the \(kind == "finding" ? "id" : "slug") '\(key)'.\(hint)", suggestions: suggestions)
    }
}
