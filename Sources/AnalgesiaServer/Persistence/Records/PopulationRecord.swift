import AnalgesiaKnowledge
import GRDB

/// A group of people studied.
struct PopulationRecord: StoredRecord {
    static let databaseTableName = "population"
    var slug: String
    var name: String
    var description: String
    var isReference: Bool
    var conditionSlug: String?

    init(_ population: Population) {
        slug = population.slug
        name = population.name
        description = population.description
        isReference = population.isReference
        conditionSlug = population.conditionSlug
    }
}
