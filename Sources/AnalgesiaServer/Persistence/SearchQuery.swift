import AnalgesiaKnowledge

/// A full-text query: words that must all match (the last as a prefix).
struct SearchQuery: Sendable, Hashable {
    var words: [String]
    var kind: ItemKind?
    var offset: Int
    var limit: Int

    /// Splits free text into searchable words (letters and digits); punctuation and search
    /// operators are dropped, so user input can never break a backend's query syntax.
    static func words(in text: String, maximum: Int = 16) -> [String] {
        text.lowercased()
            .split(whereSeparator: { !($0.isLetter || $0.isNumber) })
            .prefix(maximum)
            .map(String.init)
    }
}
