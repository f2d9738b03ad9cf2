import Foundation

/// Where CDS Hooks feedback is kept.
protocol FeedbackRepository: Sendable {
    /// Stores all entries in one transaction (all or none); returns how many were stored.
    func store(_ entries: [CDSFeedbackEntry], receivedAt: Date) async throws -> Int
    /// How many entries are stored for a card.
    func count(card: String) async throws -> Int
}
