import AnalgesiaKnowledge

/// Where each curated kind is stored: its table and its key column (the same in every backend).
extension ItemKind {
    var table: String { rawValue }
    var keyColumn: String { self == .finding ? "id" : "slug" }
}
