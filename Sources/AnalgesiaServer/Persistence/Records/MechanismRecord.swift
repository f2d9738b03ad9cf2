import AnalgesiaKnowledge
import GRDB

/// A mechanism with the review's verdict.
struct MechanismRecord: StoredRecord {
    static let databaseTableName = "mechanism"
    var slug: String
    var name: String
    var summary: String
    var verdict: String
    var verdictRationale: String
    var locator: String?
    var basis: String?
    var sourceId: String
    var version: Int
    var deletedAt: String?

    init(_ mechanism: Mechanism) {
        slug = mechanism.slug
        name = mechanism.name
        summary = mechanism.summary
        verdict = mechanism.verdict.rawValue
        verdictRationale = mechanism.verdictRationale
        locator = mechanism.locator?.description
        basis = mechanism.basis?.rawValue
        sourceId = mechanism.sourceID
        version = mechanism.version
        deletedAt = nil
    }
}
