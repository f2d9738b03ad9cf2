import Foundation
import GRDB

/// The one row that stamps the stored knowledge: its semantic version and change counter.
struct KBMetaRecord: StoredRecord {
    static let databaseTableName = "kb_meta"
    var id = 1
    var semver: String
    var revision: Int
    var updatedAt: String
}
