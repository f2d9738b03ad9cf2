import AnalgesiaKnowledge
import GRDB

/// A guideline's own row.
struct GuidelineRecord: StoredRecord {
    static let databaseTableName = "guideline"
    var slug: String
    var title: String
    var advice: String
    var rationale: String
    var kind: String
    var origin: String
    var tablePosition: Int?
    var evidenceLevel: String
    var locator: String?
    var sourceId: String
    var version: Int
    var deletedAt: String?

    init(_ guideline: Guideline) {
        slug = guideline.slug
        title = guideline.title
        advice = guideline.advice
        rationale = guideline.rationale
        kind = guideline.kind.rawValue
        origin = guideline.origin.rawValue
        tablePosition = guideline.tablePosition
        evidenceLevel = guideline.evidenceLevel.rawValue
        locator = guideline.locator?.description
        sourceId = guideline.sourceID
        version = guideline.version
        deletedAt = nil
    }
}
