import AnalgesiaAPI
import AnalgesiaKnowledge
import Foundation

extension APIHandler {

    func listFindings(_ input: Operations.ListFindings.Input) async throws -> Operations.ListFindings.Output {
        let served = try store.require()
        let query = input.query
        let knowledge = served.knowledge
        let condition = try conditionFilter(query.condition, in: served)
        if let slug = query.mechanism, knowledge.mechanism(slug) == nil {
            throw Self.unknownReference("mechanism", kind: "mechanism", value: slug, known: knowledge.mechanisms.map(\.slug))
        }
        let forCondition = condition.map { Set(knowledge.findingIDs(forCondition: $0.slug)) }
        let forMechanism = query.mechanism.map { Set(knowledge.findingLinks(forMechanism: $0).map(\.findingID)) }
        let findings = knowledge.findings.filter { finding in
            (forCondition?.contains(finding.id) ?? true)
                && (forMechanism?.contains(finding.id) ?? true)
                && (query.exerciseType.map { finding.exercise.type?.rawValue == $0.rawValue } ?? true)
                && (query.response.map { response in finding.results.contains { $0.response?.rawValue == response.rawValue } } ?? true)
                && (query.evidenceStatus.map { finding.evidenceStatus.rawValue == $0.rawValue } ?? true)
        }
        let answer = try answer(
            served,
            operation: "listFindings",
            path: "/v1/findings",
            query: [
                ("condition", query.condition), ("exerciseType", query.exerciseType?.rawValue),
                ("response", query.response?.rawValue), ("mechanism", query.mechanism),
                ("evidenceStatus", query.evidenceStatus?.rawValue),
            ],
            items: findings,
            cursor: query.cursor,
            limit: query.limit,
            sortKey: \.id,
            represent: { served.findings[$0.id]?.value }
        )
        return Self.conditional(
            .init(data: answer.data, page: answer.page, links: answer.links),
            etag: answer.etag,
            served: served,
            ifNoneMatch: input.headers.ifNoneMatch
        )
    }

    func getFinding(_ input: Operations.GetFinding.Input) async throws -> Operations.GetFinding.Output {
        let served = try store.require()
        guard let item = served.findings[input.path.id] else {
            throw missing(served, .finding, key: input.path.id, known: served.knowledge.findings.map(\.id))
        }
        return Self.conditional(item, served: served, ifNoneMatch: input.headers.ifNoneMatch)
    }
}
