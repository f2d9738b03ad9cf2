import AnalgesiaAPI
import AnalgesiaKnowledge
import Foundation

extension APIHandler {

    func listGuidelines(_ input: Operations.ListGuidelines.Input) async throws -> Operations.ListGuidelines.Output {
        let served = try store.require()
        let condition = try conditionFilter(input.query.condition, in: served)
        let kind = input.query.kind?.rawValue
        let guidelines = served.knowledge.guidelines.filter { guideline in
            (condition.map { guideline.conditionSlugs.contains($0.slug) } ?? true)
                && (kind.map { guideline.kind.rawValue == $0 } ?? true)
        }
        let answer = try answer(
            served,
            operation: "listGuidelines",
            path: "/v1/guidelines",
            query: [("condition", input.query.condition), ("kind", kind)],
            items: guidelines,
            cursor: input.query.cursor,
            limit: input.query.limit,
            sortKey: Self.guidelineSortKey,
            represent: { served.guidelines[$0.slug]?.value }
        )
        return Self.conditional(
            .init(data: answer.data, page: answer.page, links: answer.links),
            etag: answer.etag,
            served: served,
            ifNoneMatch: input.headers.ifNoneMatch
        )
    }

    /// Sorts like `KnowledgeBase.guidelineOrder`, as a string for cursors.
    static func guidelineSortKey(_ guideline: Guideline) -> String {
        switch (guideline.kind, guideline.origin) {
        case (.practice, .table1): "0-" + String(format: "%02d", guideline.tablePosition ?? 0) + "-" + guideline.slug
        case (.practice, .text): "1-00-" + guideline.slug
        case (.researchHypothesis, _): "2-00-" + guideline.slug
        }
    }

    func getGuideline(_ input: Operations.GetGuideline.Input) async throws -> Operations.GetGuideline.Output {
        let served = try store.require()
        guard let item = served.guidelines[input.path.slug] else {
            throw missing(served, .guideline, key: input.path.slug, known: served.knowledge.guidelines.map(\.slug))
        }
        return Self.conditional(item, served: served, ifNoneMatch: input.headers.ifNoneMatch)
    }
}
