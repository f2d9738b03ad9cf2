import Foundation
import GRDB

/// How a finding bears on a mechanism.
struct FindingMechanismRecord: StoredRecord {
    static let databaseTableName = "finding_mechanism"
    var findingId: String
    var mechanismSlug: String
    var relation: String
}
