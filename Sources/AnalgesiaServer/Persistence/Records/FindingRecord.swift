import AnalgesiaKnowledge
import GRDB

/// A finding's own row (results, references and links have their own tables).
struct FindingRecord: StoredRecord {
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
    var deletedAt: String?

    init(_ finding: Finding) throws {
        id = finding.id
        title = finding.title
        summary = finding.summary
        evidenceStatus = finding.evidenceStatus.rawValue
        studyDesign = finding.studyDesign
        namedAuthors = finding.namedAuthors
        exerciseType = finding.exercise.type?.rawValue
        `protocol` = finding.exercise.description
        muscles = try jsonArrayText(finding.exercise.muscles)
        intensity = finding.exercise.intensity
        duration = finding.exercise.duration
        measures = try jsonArrayText(finding.measures)
        measurementSites = try jsonArrayText(finding.measurementSites)
        locator = finding.locator?.description
        basis = finding.basis?.rawValue
        sourceId = finding.sourceID
        version = finding.version
        deletedAt = nil
    }
}
