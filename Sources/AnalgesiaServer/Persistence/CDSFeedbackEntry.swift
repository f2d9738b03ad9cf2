/// One CDS Hooks feedback entry, as received.
struct CDSFeedbackEntry: Sendable, Hashable {
    var serviceID: String
    var cardUUID: String
    var outcome: String
    var acceptedSuggestions: [String]
    var overrideReasonSystem: String?
    var overrideReasonCode: String?
    var overrideReasonDisplay: String?
    var userComment: String?
    var outcomeTimestamp: String
}
