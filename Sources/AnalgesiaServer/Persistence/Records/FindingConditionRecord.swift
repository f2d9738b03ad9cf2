import Foundation
import GRDB

/// A condition a finding concerns.
struct FindingConditionRecord: StoredRecord {
    static let databaseTableName = "finding_condition"
    var findingId: String
    var conditionSlug: String
}
