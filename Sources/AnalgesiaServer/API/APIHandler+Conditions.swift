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
        return Self.conditional(
            .init(data: answer.data, page: answer.page, links: answer.links),
            etag: answer.etag,
            served: served,
            ifNoneMatch: input.headers.ifNoneMatch
        )
    }

    func getCondition(_ input: Operations.GetCondition.Input) async throws -> Operations.GetCondition.Output {
        let served = try store.require()
        guard let item = served.conditions[input.path.slug] else {
            throw missing(served, .condition, key: input.path.slug, known: served.knowledge.conditions.map(\.slug))
        }
        return Self.conditional(item, served: served, ifNoneMatch: input.headers.ifNoneMatch)
    }
}
