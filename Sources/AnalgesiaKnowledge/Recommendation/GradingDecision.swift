import Foundation

/// Whether the exercise dose may be increased now.
public enum GradingDecision: String, CaseIterable, Codable, Sendable, Hashable {
    case progress
    case hold
    case modify
}
