import AnalgesiaKnowledge
import Foundation

/// Where the knowledge lives: the snapshot the service serves from memory, the stamp that says
/// when it moved, ranked full-text search and readiness. Handlers and the knowledge store depend
/// on this protocol; the application builder picks the backend.
protocol KnowledgeRepository: Sendable {
    /// Everything, as one consistent read.
    func loadContent() async throws -> KnowledgeContent
    /// The stamp that changes whenever the knowledge does.
    func stamp() async throws -> KnowledgeStamp
    /// Ranked full-text search.
    func search(_ query: SearchQuery) async throws -> SearchResults
    /// Whether every migration is applied and the database answers.
    func isReady() async throws -> Bool
}
