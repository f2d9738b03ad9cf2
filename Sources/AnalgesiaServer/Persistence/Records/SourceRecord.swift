import AnalgesiaKnowledge
import GRDB

/// Where the knowledge comes from.
struct SourceRecord: StoredRecord {
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

    init(_ source: Source) throws {
        id = source.id
        kind = source.kind
        citation = source.citation
        authors = try jsonArrayText(source.authors)
        title = source.title
        journal = source.journal
        year = source.year
        volume = source.volume
        pages = source.pages
        doi = source.doi
        url = source.url
    }
}
