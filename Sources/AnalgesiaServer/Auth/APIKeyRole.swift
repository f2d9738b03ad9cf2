/// What an API key may do. Each role may do what the roles before it may.
enum APIKeyRole: String, CaseIterable, Codable, Sendable, Comparable {
    case reader, curator, admin

    static func < (lhs: APIKeyRole, rhs: APIKeyRole) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
