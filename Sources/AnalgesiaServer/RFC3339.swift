import Foundation

/// RFC 3339 date-times (section 5.6) in full: fractional seconds of any length
/// (`1985-04-12T23:20:50.52Z`), `Z` or a numeric offset (`1996-12-19T16:39:57-08:00`), a leap
/// second, and `t`/`z` in lower case. Parsed by Foundation's ISO 8601 format style; this adds
/// only what it leaves out (lower-case letters, and refusing a day the month does not have).
enum RFC3339 {
    static func date(from text: String) -> Date? {
        guard (20...64).contains(text.utf8.count) else { return nil }
        // RFC 3339 allows lower-case "t" and "z"; no other letter can occur in a date-time.
        let upper = text.uppercased()
        // The fractional style reads date-times without a fraction too.
        guard let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(upper) else { return nil }
        // The format style rolls 2026-02-30 over to March; RFC 3339 refuses it.
        let day = upper.prefix(10).split(separator: "-").compactMap { Int($0) }
        guard day.count == 3,
            DateComponents(calendar: Calendar(identifier: .gregorian), year: day[0], month: day[1], day: day[2]).isValidDate
        else { return nil }
        return date
    }
}
