import AnalgesiaAPI
import AnalgesiaKnowledge
import Foundation

extension APIHandler {

    func search(_ input: Operations.Search.Input) async throws -> Operations.Search.Output {
        let words = SearchQuery.words(in: input.query.q)
        guard !words.isEmpty else {
            throw ProblemError.invalidParameter("q", in: .query, reason: "must contain at least one letter or digit.")
        }
        let limit = input.query.limit ?? Self.defaultLimit
        let list = "search"
        let offset =
            try input.query.cursor.map { cursor -> Int in
                guard let offset = Int(try Cursor.decode(cursor, list: list)), offset > 0 else { throw Cursor.invalid }
                return offset
            } ?? 0
        let kind = input.query.kind.map { wire($0, as: ItemKind.self) }
        let results = try await repository.search(SearchQuery(words: words, kind: kind, offset: offset, limit: limit))
        let served = try await store.snapshot(for: results.stamp)
        let links = LinkBuilder(path: "/v1/search", query: [("q", input.query.q), ("kind", kind?.rawValue), ("limit", String(limit))])
        let nextCursor = results.hasMore ? Cursor.encode(list: list, key: String(offset + limit)) : nil
        let etag = ETag.of(parts: [served.version, list, links.link(cursor: input.query.cursor)])
        let hits = results.hits.map { hit in
            Components.Schemas.SearchHit(
                kind: wire(hit.kind),
                id: hit.id,
                title: hit.title,
                snippet: hit.snippet,
                score: (hit.score * 1000).rounded() / 1000,
                links: .init(_self: "/v1/\(hit.kind.rawValue)s/\(hit.id)")
            )
        }
        return Self.conditional(
            .init(
                query: input.query.q,
                data: hits,
                page: .init(limit: limit, nextCursor: nextCursor),
                links: .init(_self: links.link(cursor: input.query.cursor), next: nextCursor.map { links.link(cursor: $0) })
            ),
            etag: etag,
            served: served,
            ifNoneMatch: input.headers.ifNoneMatch
        )
    }
}
