import Foundation
import GRDB

/// A reference number of the review that a finding rests on.
struct FindingReferenceRecord: StoredRecord {
    static let databaseTableName = "finding_reference"
    var findingId: String
    var refNumber: Int
}
