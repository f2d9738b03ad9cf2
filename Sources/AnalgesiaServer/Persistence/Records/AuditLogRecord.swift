import AnalgesiaKnowledge
import Foundation
import GRDB

/// One audited change.
struct AuditLogRecord: StoredRecord {
    static let databaseTableName = "audit_log"
    var id: Int64?
    var kind: String
    var itemKey: String
    var version: Int
    var operation: String
    var keyId: String
    var at: String
    var kbVersion: String
    var before: String?
    var after: String?

    init(_ entry: AuditEntry) {
        id = nil
        kind = entry.kind.rawValue
        itemKey = entry.key
        version = entry.version
        operation = entry.operation.rawValue
        keyId = entry.keyID
        at = StoredTimestamp.text(entry.at)
        kbVersion = entry.knowledgeBaseVersion
        before = entry.before?.canonicalText
        after = entry.after?.canonicalText
    }
}

extension AuditLogRecord {
    /// This change as an entry of the item's history; both backends keep the before and after
    /// representations as JSON text.
    func historyEntry(decoder: JSONDecoder) throws -> ItemHistory.Entry {
        ItemHistory.Entry(
            version: version,
            operation: operation,
            at: at,
            keyID: keyId,
            knowledgeBaseVersion: kbVersion,
            before: try before.map { try decoder.decode(JSONValue.self, from: Data($0.utf8)) },
            after: try after.map { try decoder.decode(JSONValue.self, from: Data($0.utf8)) }
        )
    }
}
