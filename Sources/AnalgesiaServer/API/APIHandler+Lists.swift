import AnalgesiaAPI
import AnalgesiaKnowledge
import Foundation

/// One page of a list answer, with its links and entity tag.
struct ListAnswer<Value> {
    var data: [Value]
    var page: Components.Schemas.PageInfo
    var links: Components.Schemas.PageLinks
    var etag: String
}

extension APIHandler {
    /// Pages `items` (filtered, in list order) and derives links and an ETag from the snapshot
    /// version and the canonical query, so equal questions to equal knowledge get equal tags.
    func answer<Item, Value>(
        _ served: ServedKnowledge,
        operation: String,
        path: String,
        query: [(String, String?)],
        items: [Item],
        cursor: String?,
        limit: Int?,
        sortKey: (Item) -> String,
        represent: (Item) -> Value?
    ) throws -> ListAnswer<Value> {
        let limit = limit ?? Self.defaultLimit
        let page = try Page.slice(items, list: operation, cursor: cursor, limit: limit, sortKey: sortKey)
        let links = LinkBuilder(path: path, query: query + [("limit", String(limit))])
        return ListAnswer(
            data: page.items.compactMap(represent),
            page: .init(limit: limit, nextCursor: page.nextCursor),
            links: .init(_self: links.link(cursor: cursor), next: page.nextCursor.map { links.link(cursor: $0) }),
            etag: ETag.of(parts: [served.version, operation, links.link(cursor: cursor)])
        )
    }

    /// The condition a `condition` filter names; 400 with suggestions when unknown.
    func conditionFilter(_ slug: String?, in served: ServedKnowledge) throws -> Condition? {
        guard let slug else { return nil }
        guard let condition = served.knowledge.condition(slug) else {
            throw Self.unknownReference("condition", kind: "condition", value: slug, known: served.knowledge.conditions.map(\.slug))
        }
        return condition
    }
}
