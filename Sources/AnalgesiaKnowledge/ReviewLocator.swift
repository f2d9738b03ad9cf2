import Foundation

/// Where in the review a claim comes from: a paragraph of a section, or an item of Table 1.
///
/// Written as `<section>/p<N>` (paragraph N, counted from 1 in the printed reading order) or
/// `table-1/item-<N>`; docs/knowledge-fidelity.md lists what each paragraph covers.
public struct ReviewLocator: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var section: ReviewSection
    /// The paragraph, or the Table 1 item (1-based).
    public var position: Int

    public init(_ section: ReviewSection, _ position: Int) {
        self.section = section
        self.position = position
    }

    /// Parses the written form; nil when it names no paragraph or item of the review.
    public init?(_ text: String) {
        guard let slash = text.firstIndex(of: "/"), let section = ReviewSection(rawValue: String(text[..<slash])) else {
            return nil
        }
        let rest = text[text.index(after: slash)...]
        let prefix = section == .table1 ? "item-" : "p"
        guard rest.hasPrefix(prefix), let number = Int(rest.dropFirst(prefix.count)), String(number) == rest.dropFirst(prefix.count),
            (1...section.count).contains(number)
        else { return nil }
        self.init(section, number)
    }

    /// A Table 1 item.
    public static func table1(_ item: Int) -> ReviewLocator { ReviewLocator(.table1, item) }

    /// The written form, e.g. `aerobic/p5` or `table-1/item-12`.
    public var description: String {
        section == .table1 ? "table-1/item-\(position)" : "\(section.rawValue)/p\(position)"
    }

    /// The paragraph, when the locator names one.
    public var paragraph: Int? { section == .table1 ? nil : position }
    /// The Table 1 item, when the locator names one.
    public var item: Int? { section == .table1 ? position : nil }

    /// For people: "Table 1, item 12" or "Dysfunction of endogenous analgesia during aerobic exercise, paragraph 5".
    public var label: String {
        section == .table1 ? "Table 1, item \(position)" : "\(section.title), paragraph \(position)"
    }

    /// The pattern the written form follows (for schemas and SQL checks).
    public static let pattern =
        "^((abstract|introduction|biology|muscle-contraction|aerobic|practice|drugs|conclusion)/p[1-9]|table-1/item-([1-9]|1[0-2]))$"

    public static func < (lhs: ReviewLocator, rhs: ReviewLocator) -> Bool {
        let order = ReviewSection.allCases
        let left = order.firstIndex(of: lhs.section) ?? 0
        let right = order.firstIndex(of: rhs.section) ?? 0
        return (left, lhs.position) < (right, rhs.position)
    }
}

extension ReviewLocator: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let locator = ReviewLocator(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not a review locator"))
        }
        self = locator
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
