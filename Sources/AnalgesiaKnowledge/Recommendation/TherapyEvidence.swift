import Foundation

/// What the review says of exercise therapy (a programme, not one bout) for a condition.
public enum TherapyEvidence: String, Sendable, Hashable {
    /// It cites evidence (reference numbers) that exercise therapy is effective.
    case cited
    /// It names the condition among those exercise therapy treats, without a reference.
    case statementOnly = "statement-only"
    /// It says nothing of exercise therapy for the condition.
    case none
}
