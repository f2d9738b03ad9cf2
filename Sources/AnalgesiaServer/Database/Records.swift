import AnalgesiaKnowledge
import Foundation
import GRDB

// Value-type records, one per table, decoded by GRDB from snake_case columns. JSON array
// columns arrive as text and are decoded by `decodeJSONArray`.

protocol SnakeCaseRecord: Codable, FetchableRecord, TableRecord {}

extension SnakeCaseRecord {
    static var databaseColumnDecodingStrategy: DatabaseColumnDecodingStrategy { .convertFromSnakeCase }
}

struct KBMetaRecord: SnakeCaseRecord {
    static let databaseTableName = "kb_meta"
    var semver: String
    var revision: Int
    var updatedAt: String
}

struct SourceRecord: SnakeCaseRecord {
    static let databaseTableName = "source"
    var id: String
    var kind: String
    var citation: String
    var authors: String
    var title: String
    var journal: String
    var year: Int
    var volume: String
    var pages: String
    var doi: String
    var url: String
}

struct CitationRecord: SnakeCaseRecord {
    static let databaseTableName = "citation"
    var sourceId: String
    var refNumber: Int
    var firstAuthor: String
    var year: Int
    var title: String
    var journal: String
    var volumePages: String?
    var doi: String?
    var pmid: String?
    var matchBasis: String
}

struct ConditionRecord: SnakeCaseRecord {
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
}

struct ConditionCodeRecord: SnakeCaseRecord {
    static let databaseTableName = "condition_code"
    var conditionSlug: String
    var system: String
    var code: String
    var display: String
    var match: String
    var scope: String
    var caveat: String?
}

struct EAResponseRecord: SnakeCaseRecord {
    static let databaseTableName = "ea_response"
    var conditionSlug: String
    var exerciseType: String
    var site: String
    var response: String
    var evidenceBasis: String
    var rationale: String
    var locator: String?
    var qualifier: String?
}

struct EAResponseFindingRecord: SnakeCaseRecord {
    static let databaseTableName = "ea_response_finding"
    var conditionSlug: String
    var exerciseType: String
    var site: String
    var findingId: String
}

struct PopulationRecord: SnakeCaseRecord {
    static let databaseTableName = "population"
    var slug: String
    var name: String
    var description: String
    var isReference: Bool
    var conditionSlug: String?
}

struct MechanismRecord: SnakeCaseRecord {
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
}

struct FindingRecord: SnakeCaseRecord {
    static let databaseTableName = "finding"
    var id: String
    var title: String
    var summary: String
    var evidenceStatus: String
    var studyDesign: String
    var namedAuthors: String?
    var exerciseType: String?
    var `protocol`: String?
    var muscles: String
    var intensity: String?
    var duration: String?
    var measures: String
    var measurementSites: String
    var locator: String?
    var basis: String?
    var sourceId: String
    var version: Int
}

struct FindingResultRecord: SnakeCaseRecord {
    static let databaseTableName = "finding_result"
    var findingId: String
    var ordinal: Int
    var populationSlug: String
    var site: String
    var response: String?
    var outcome: String
}

struct FindingReferenceRecord: SnakeCaseRecord {
    static let databaseTableName = "finding_reference"
    var findingId: String
    var refNumber: Int
}

struct FindingConditionRecord: SnakeCaseRecord {
    static let databaseTableName = "finding_condition"
    var findingId: String
    var conditionSlug: String
}

struct FindingMechanismRecord: SnakeCaseRecord {
    static let databaseTableName = "finding_mechanism"
    var findingId: String
    var mechanismSlug: String
    var relation: String
}

struct GuidelineRecord: SnakeCaseRecord {
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
}

struct GuidelineConditionRecord: SnakeCaseRecord {
    static let databaseTableName = "guideline_condition"
    var guidelineSlug: String
    var conditionSlug: String
}

struct GuidelineFindingRecord: SnakeCaseRecord {
    static let databaseTableName = "guideline_finding"
    var guidelineSlug: String
    var findingId: String
}

/// A stored value that does not fit the domain's vocabulary (the CHECK constraints should
/// make this impossible; it is reported rather than crashing).
struct CorruptRowError: Error, CustomStringConvertible {
    var table: String
    var column: String
    var value: String
    var description: String { "Unexpected value '\(value)' in \(table).\(column)." }
}

/// Decodes a vocabulary value read from the store.
func decodeVocabulary<Value: RawRepresentable>(
    _ type: Value.Type,
    _ raw: String,
    table: String,
    column: String
) throws -> Value where Value.RawValue == String {
    guard let value = Value(rawValue: raw) else { throw CorruptRowError(table: table, column: column, value: raw) }
    return value
}

/// Decodes a review locator read from the store.
func decodeLocator(_ raw: String?, table: String) throws -> ReviewLocator? {
    guard let raw else { return nil }
    guard let locator = ReviewLocator(raw) else { throw CorruptRowError(table: table, column: "locator", value: raw) }
    return locator
}

/// Decodes a JSON array of strings stored as text.
func decodeJSONArray(_ text: String, table: String, column: String) throws -> [String] {
    guard let data = text.data(using: .utf8), let array = try? JSONDecoder().decode([String].self, from: data) else {
        throw CorruptRowError(table: table, column: column, value: text)
    }
    return array
}
