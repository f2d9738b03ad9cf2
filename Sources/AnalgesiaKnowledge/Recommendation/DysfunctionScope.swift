import Foundation

/// Where exercise fails to bring analgesia for a patient, across their conditions.
public enum DysfunctionScope: String, CaseIterable, Sendable, Hashable {
    /// No condition is known to lack analgesia during exercise.
    case none
    /// Only exercise of the painful region brings no analgesia (local myalgia); other regions do.
    case painfulRegion = "painful-region"
    /// Some condition lacks analgesia wherever the body is exercised.
    case anySite = "any-site"
}
