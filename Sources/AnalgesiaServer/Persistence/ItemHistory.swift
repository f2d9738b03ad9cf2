/// An item's audit trail, newest first.
struct ItemHistory: Sendable {
    struct Entry: Sendable {
        var version: Int
        var operation: String
        var at: String
        var keyID: String
        var knowledgeBaseVersion: String
        var before: JSONValue?
        var after: JSONValue?
    }

    var deleted: Bool
    var entries: [Entry]
}
