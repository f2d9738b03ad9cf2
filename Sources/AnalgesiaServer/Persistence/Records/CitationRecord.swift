import AnalgesiaKnowledge
import GRDB

/// A primary study matched to one of the source's numbered references.
struct CitationRecord: StoredRecord {
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

    init(_ citation: Citation) {
        sourceId = citation.sourceID
        refNumber = citation.refNumber
        firstAuthor = citation.firstAuthor
        year = citation.year
        title = citation.title
        journal = citation.journal
        volumePages = citation.volumePages
        doi = citation.doi
        pmid = citation.pmid
        matchBasis = citation.matchBasis
    }
}
