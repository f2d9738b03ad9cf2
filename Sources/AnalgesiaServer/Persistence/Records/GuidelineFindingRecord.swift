import Foundation
import GRDB

/// A finding a guideline rests on.
struct GuidelineFindingRecord: StoredRecord {
    static let databaseTableName = "guideline_finding"
    var guidelineSlug: String
    var findingId: String
}
