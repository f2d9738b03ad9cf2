import Foundation

/// What a coded token means to the knowledge base.
public enum CodeLookup: Sendable, Hashable {
    /// No condition has this code.
    case unknown
    /// The code maps to a condition; `code` is the stored code that matched, with its scope and caveat.
    case covered(condition: Condition, code: ConditionCode)
    /// The code falls under a condition's codes but names patients the review did not study
    /// (an excluded code, or an acute initial encounter); `reason` says why.
    case refused(condition: Condition, code: ConditionCode, reason: String)
}
