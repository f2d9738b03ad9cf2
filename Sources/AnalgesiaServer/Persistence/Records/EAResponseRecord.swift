import AnalgesiaKnowledge
import GRDB

/// A condition's expected acute response to an exercise type at a site.
struct EAResponseRecord: StoredRecord {
    static let databaseTableName = "ea_response"
    var conditionSlug: String
    var exerciseType: String
    var site: String
    var response: String
    var evidenceBasis: String
    var rationale: String
    var locator: String?
    var qualifier: String?

    init(_ statement: EAStatement, of condition: String) {
        conditionSlug = condition
        exerciseType = statement.exerciseType.rawValue
        site = statement.site.rawValue
        response = statement.response.rawValue
        evidenceBasis = statement.evidenceBasis.rawValue
        rationale = statement.rationale
        locator = statement.locator?.description
        qualifier = statement.qualifier
    }
}
