import AnalgesiaKnowledge
import GRDB

/// A finding's result for one population.
struct FindingResultRecord: StoredRecord {
    static let databaseTableName = "finding_result"
    var findingId: String
    var ordinal: Int
    var populationSlug: String
    var site: String
    var response: String?
    var outcome: String

    init(_ result: FindingResult, of finding: String, ordinal: Int) {
        findingId = finding
        self.ordinal = ordinal
        populationSlug = result.populationSlug
        site = result.site.rawValue
        response = result.response?.rawValue
        outcome = result.outcome
    }
}
