import Foundation
import GRDB

/// A finding behind an EA statement.
struct EAResponseFindingRecord: StoredRecord {
    static let databaseTableName = "ea_response_finding"
    var conditionSlug: String
    var exerciseType: String
    var site: String
    var findingId: String
}
