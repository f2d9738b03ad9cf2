import AnalgesiaAPI
import AnalgesiaKnowledge
import Foundation

extension APIHandler {

    func listMechanisms(_ input: Operations.ListMechanisms.Input) async throws -> Operations.ListMechanisms.Output {
        let served = try store.require()
        let verdict = input.query.verdict?.rawValue
        let mechanisms = served.knowledge.mechanisms.filter { verdict == nil || $0.verdict.rawValue == verdict }
        let answer = try answer(
            served,
            operation: "listMechanisms",
            path: "/v1/mechanisms",
            query: [("verdict", verdict)],
            items: mechanisms,
            cursor: input.query.cursor,
            limit: input.query.limit,
            sortKey: \.slug,
            represent: { served.mechanisms[$0.slug]?.value }
        )
        return Self.conditional(
            .init(data: answer.data, page: answer.page, links: answer.links),
            etag: answer.etag,
            served: served,
            ifNoneMatch: input.headers.ifNoneMatch
        )
    }

    func getMechanism(_ input: Operations.GetMechanism.Input) async throws -> Operations.GetMechanism.Output {
        let served = try store.require()
        guard let item = served.mechanisms[input.path.slug] else {
            throw missing(served, .mechanism, key: input.path.slug, known: served.knowledge.mechanisms.map(\.slug))
        }
        return Self.conditional(item, served: served, ifNoneMatch: input.headers.ifNoneMatch)
    }
}
