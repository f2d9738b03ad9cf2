import AnalgesiaAPI
import Foundation

/// Cursor pagination over an ordered list. A cursor is opaque to clients: base64url of
/// `v1|<list>|<sort key of the last item served>`. Resuming takes the items whose sort key
/// follows it, so pages stay stable when items are added or removed between requests.
struct Page<Item> {
    var items: [Item]
    var nextCursor: String?

    /// Slices `ordered` (already filtered, ascending by `sortKey`) after `cursor`.
    static func slice(
        _ ordered: [Item],
        list: String,
        cursor: String?,
        limit: Int,
        sortKey: (Item) -> String
    ) throws -> Page<Item> {
        var remaining = ordered[...]
        if let cursor {
            let after = try Cursor.decode(cursor, list: list)
            remaining = ordered.drop { sortKey($0) <= after }
        }
        let items = Array(remaining.prefix(limit))
        let next = remaining.count > limit ? items.last.map { Cursor.encode(list: list, key: sortKey($0)) } : nil
        return Page(items: items, nextCursor: next)
    }
}

enum Cursor {
    static func encode(list: String, key: String) -> String {
        Data("v1|\(list)|\(key)".utf8).base64URLEncodedString
    }

    /// The sort key in a cursor made for `list`; a 400 problem for anything else.
    static func decode(_ cursor: String, list: String) throws -> String {
        guard let data = Data(base64URLEncoded: cursor), let text = String(data: data, encoding: .utf8) else {
            throw invalid
        }
        let parts = text.split(separator: "|", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "v1", parts[1] == list, !parts[2].isEmpty else { throw invalid }
        return String(parts[2])
    }

    static var invalid: ProblemError {
        .invalidParameter(
            "cursor",
            in: .query,
            reason:
                "is not a cursor this list issued; pass page.nextCursor from the previous page of the same list, or omit it to start at the beginning."
        )
    }
}

/// Builds `links.self` and `links.next` from the operation's path and its query parameters, in
/// a fixed order so that equal queries give equal links (and ETags).
struct LinkBuilder {
    var path: String
    var query: [(String, String?)]

    /// The canonical query string, without the cursor.
    var canonicalQuery: String {
        Self.encode(query.compactMap { name, value in value.map { (name, $0) } })
    }

    func link(cursor: String?) -> String {
        var items = query.compactMap { name, value in value.map { (name, $0) } }
        if let cursor { items.append(("cursor", cursor)) }
        let encoded = Self.encode(items)
        return encoded.isEmpty ? path : "\(path)?\(encoded)"
    }

    private static let allowed: CharacterSet = {
        var set = CharacterSet.alphanumerics
        set.insert(charactersIn: "-._~")
        return set
    }()

    private static func encode(_ items: [(String, String)]) -> String {
        items.map { name, value in
            "\(name)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value)"
        }.joined(separator: "&")
    }
}
