import AnalgesiaKnowledge
import Foundation

/// A stored value that does not fit the domain's vocabulary (the CHECK constraints should
/// make this impossible; it is reported rather than crashing).
struct CorruptRowError: Error, CustomStringConvertible {
    var table: String
    var column: String
    var value: String
    var description: String { "Unexpected value '\(value)' in \(table).\(column)." }

    /// Decodes a vocabulary value read from the store.
    static func decode<Value: RawRepresentable>(
        _ type: Value.Type,
        _ raw: String,
        table: String,
        column: String
    ) throws -> Value where Value.RawValue == String {
        guard let value = Value(rawValue: raw) else { throw CorruptRowError(table: table, column: column, value: raw) }
        return value
    }

    /// Decodes a review locator read from the store.
    static func locator(_ raw: String?, table: String) throws -> ReviewLocator? {
        guard let raw else { return nil }
        guard let locator = ReviewLocator(raw) else { throw CorruptRowError(table: table, column: "locator", value: raw) }
        return locator
    }

    /// Decodes a JSON array of strings stored as text.
    static func jsonArray(_ text: String, table: String, column: String) throws -> [String] {
        guard let data = text.data(using: .utf8), let array = try? JSONDecoder().decode([String].self, from: data) else {
            throw CorruptRowError(table: table, column: column, value: text)
        }
        return array
    }
}
