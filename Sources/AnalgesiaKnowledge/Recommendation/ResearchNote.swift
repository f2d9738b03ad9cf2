import Foundation

/// A drug-plus-exercise idea the review raises for research; never advice.
public struct ResearchNote: Sendable, Hashable {
    public var guideline: String
    public var title: String
    public var text: String
    public var rule: String
    public var medications: [MedicationClass]
    public var findingIDs: [String]
    public var references: [Int]
    public var locator: ReviewLocator
}
