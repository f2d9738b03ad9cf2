import AnalgesiaKnowledge

/// One page of search hits, with the stamp of the knowledge that answered.
struct SearchResults: Sendable {
    struct Hit: Sendable, Hashable {
        var kind: ItemKind
        var id: String
        var title: String
        var snippet: String
        var score: Double
    }

    var hits: [Hit]
    var hasMore: Bool
    var stamp: KnowledgeStamp
}
