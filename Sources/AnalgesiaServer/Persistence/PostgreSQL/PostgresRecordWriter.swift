import Foundation
import GRDB
import Logging
import PostgresNIO

/// Writes the records SQLite's tables are written from (the `StoredRecord` types) into the
/// same PostgreSQL tables: each record travels as JSON and `json_populate_recordset` turns it
/// into a row of its table, so the columns are the record's properties (snake_case), listed once,
/// in the type, for both backends.
struct PostgresRecordWriter: Sendable {
    let connection: PostgresConnection
    let logger: Logger

    /// Inserts the records (one statement for all of them); `excluding` names generated columns.
    func insert<Record: StoredRecord>(_ records: [Record], excluding: Set<String> = []) async throws {
        guard !records.isEmpty else { return }
        let columns = Self.columns(of: Record.self, sample: records[0]).filter { !excluding.contains($0) }
        let list = columns.joined(separator: ", ")
        try await run(
            "INSERT INTO \(Record.databaseTableName) (\(list)) SELECT \(list) FROM json_populate_recordset(NULL::\(Record.databaseTableName), $1::json)",
            records
        )
    }

    /// Inserts the record, or replaces every other column of the row with this `key`.
    func upsert<Record: StoredRecord>(_ record: Record, key: [String]) async throws {
        let columns = Self.columns(of: Record.self, sample: record)
        let list = columns.joined(separator: ", ")
        let updated = columns.filter { !key.contains($0) }
        try await run(
            """
            INSERT INTO \(Record.databaseTableName) (\(list)) SELECT \(list) FROM json_populate_recordset(NULL::\(Record.databaseTableName), $1::json)
            ON CONFLICT (\(key.joined(separator: ", "))) DO UPDATE SET (\(updated.joined(separator: ", "))) = ROW(\(updated.map { "EXCLUDED." + $0 }.joined(separator: ", ")))
            """,
            [record]
        )
    }

    /// Runs a statement with text parameters.
    func execute(_ sql: String, _ parameters: String...) async throws {
        var binds = PostgresBindings()
        for parameter in parameters { binds.append(parameter) }
        try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger)
    }

    private func run<Record: StoredRecord>(_ sql: String, _ records: [Record]) async throws {
        let json = String(decoding: try PostgresBackend.recordEncoder.encode(records), as: UTF8.self)
        var binds = PostgresBindings()
        binds.append(json)
        try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger)
    }

    /// The record's stored properties as snake_case column names, in declaration order (the
    /// same conversion JSONEncoder's `.convertToSnakeCase` applies to the keys).
    static func columns<Record>(of type: Record.Type, sample: Record) -> [String] {
        Mirror(reflecting: sample).children.compactMap(\.label).map(snakeCase)
    }

    static func snakeCase(_ name: String) -> String {
        var result = ""
        var previous: Character?
        for character in name {
            if character.isUppercase, let previous, previous.isLowercase || previous.isNumber {
                result.append("_")
            }
            result.append(contentsOf: character.lowercased())
            previous = character
        }
        return result
    }
}
