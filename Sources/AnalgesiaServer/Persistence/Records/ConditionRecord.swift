import AnalgesiaKnowledge
import GRDB

/// A condition's own row (its codes and EA statements have their own tables).
struct ConditionRecord: StoredRecord {
    static let databaseTableName = "condition"
    var slug: String
    var name: String
    var summary: String
    var synonyms: String
    var centralSensitization: Bool
    var centralSensitizationNote: String
    var eaSummary: String
    var caution: String?
    var sourceId: String
    var version: Int
    var deletedAt: String?

    init(_ condition: Condition) throws {
        slug = condition.slug
        name = condition.name
        summary = condition.summary
        synonyms = try jsonArrayText(condition.synonyms)
        centralSensitization = condition.centralSensitization
        centralSensitizationNote = condition.centralSensitizationNote
        eaSummary = condition.eaSummary
        caution = condition.caution
        sourceId = condition.sourceID
        version = condition.version
        deletedAt = nil
    }
}
