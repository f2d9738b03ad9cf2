import AnalgesiaKnowledge
import GRDB

/// A code an EHR sends for a condition.
struct ConditionCodeRecord: StoredRecord {
    static let databaseTableName = "condition_code"
    var conditionSlug: String
    var system: String
    var code: String
    var display: String
    var match: String
    var scope: String
    var caveat: String?

    init(_ code: ConditionCode, of condition: String) {
        conditionSlug = condition
        system = code.system.rawValue
        self.code = code.code
        display = code.display
        match = code.match.rawValue
        scope = code.scope.rawValue
        caveat = code.caveat
    }
}
