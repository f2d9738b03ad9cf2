import Foundation

/// Timestamps are stored as ISO 8601 text with milliseconds, in UTC, in every backend.
enum StoredTimestamp {
    static func text(_ date: Date) -> String {
        Date.ISO8601FormatStyle(includingFractionalSeconds: true).format(date)
    }

    static func date(_ text: String) -> Date? {
        try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text)
    }
}
