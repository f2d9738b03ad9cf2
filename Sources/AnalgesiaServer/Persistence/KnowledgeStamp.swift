/// What identifies a state of the stored knowledge.
struct KnowledgeStamp: Sendable, Hashable {
    var semver: String
    var revision: Int
}
