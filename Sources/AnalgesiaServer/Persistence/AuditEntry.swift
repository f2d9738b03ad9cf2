import AnalgesiaKnowledge
import Foundation

/// One audited change: who changed which item to which version, and the item before and after
/// (input JSON, nil when absent).
struct AuditEntry: Sendable {
    var kind: ItemKind
    var key: String
    var version: Int
    var operation: WriteOperation
    var keyID: String
    var at: Date
    var knowledgeBaseVersion: String
    var before: JSONValue?
    var after: JSONValue?
}
