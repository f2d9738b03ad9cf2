import Foundation
import GRDB

/// A condition a guideline applies to.
struct GuidelineConditionRecord: StoredRecord {
    static let databaseTableName = "guideline_condition"
    var guidelineSlug: String
    var conditionSlug: String
}
