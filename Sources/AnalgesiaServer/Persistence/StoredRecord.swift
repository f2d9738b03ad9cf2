import Foundation
import GRDB

/// A value-type record of one table: its properties are the table's columns in camelCase, read
/// and written by GRDB as snake_case (and decoded the same way from PostgreSQL's JSON rows).
/// JSON array columns are text, decoded by `CorruptRowError.jsonArray`.
protocol StoredRecord: Codable, FetchableRecord, PersistableRecord, Sendable {}

extension StoredRecord {
    static var databaseColumnDecodingStrategy: DatabaseColumnDecodingStrategy { .convertFromSnakeCase }
    static var databaseColumnEncodingStrategy: DatabaseColumnEncodingStrategy { .convertToSnakeCase }
}

/// A list of strings as the JSON text a JSON array column holds.
func jsonArrayText(_ strings: [String]) throws -> String {
    String(decoding: try JSONValue.encoder.encode(strings), as: UTF8.self)
}
