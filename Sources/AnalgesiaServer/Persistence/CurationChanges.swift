import AnalgesiaKnowledge
import Foundation

/// The rows one curated write changes, in order, and the knowledge-base version it moves to.
struct CurationChanges: Sendable {
    enum Change: Sendable {
        /// Writes the item's row (reviving a tombstone) and replaces its child rows.
        case save(CuratedItem)
        /// Marks the item deleted and advances its version; a deleted condition frees its codes.
        case tombstone(ItemKind, key: String)
        case source(Source)
        case citation(Citation)
        case population(Population)
    }

    /// Each change with the label an error names when a constraint refuses it (an import's "line 12").
    var changes: [(change: Change, label: String?)] = []
    /// The semantic version after the write.
    var semver: String
    var at: Date

    mutating func append(_ change: Change, label: String? = nil) {
        changes.append((change, label))
    }
}
