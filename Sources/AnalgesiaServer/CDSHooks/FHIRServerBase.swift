import Foundation

/// The base URL of a FHIR server, normalised so that two spellings of the same server compare
/// equal and anything odd compares equal to nothing: http or https only, a host, a port (the
/// scheme's default when absent), a path without a trailing slash, and no user, query, fragment,
/// `.`/`..` segment or percent-encoded dot or slash. This is the server-side request forgery
/// guard's unit: the service calls a FHIR server only when the `fhirServer` it was sent is equal
/// to an allowlisted base, and follows a `next` link only when it lies under that same base; a
/// loopback, link-local (169.254.0.0/16), private or other host that nobody allowlisted is never
/// contacted. Host names are compared as written, so `127.1`, `0x7f.1` or `[::ffff:127.0.0.1]`
/// never equal an allowlisted `127.0.0.1`.
struct FHIRServerBase: Sendable, Hashable, CustomStringConvertible {
    let scheme: String
    let host: String
    let port: Int
    /// "" for the root, else "/…" without a trailing slash.
    let path: String

    init?(_ text: String) {
        guard text.count <= 2000, let parts = Self.parse(text), parts.query == nil else { return nil }
        scheme = parts.scheme
        host = parts.host
        port = parts.port
        path = parts.path.hasSuffix("/") ? String(parts.path.dropLast()) : parts.path
    }

    var description: String {
        let defaultPort = scheme == "https" ? 443 : 80
        let authority = port == defaultPort ? host : "\(host):\(port)"
        return "\(scheme)://\(authority)\(path)"
    }

    /// Whether the host is a loopback address or name (the only hosts allowed over plain http).
    var isLoopback: Bool {
        host == "localhost" || host.hasPrefix("127.") || host == "[::1]"
    }

    /// `url` (a `next` link) if it is on this server, under this base path; nil otherwise.
    func resolve(_ url: String) -> String? {
        guard url.count <= 8000, let parts = Self.parse(url), parts.scheme == scheme, parts.host == host, parts.port == port,
            parts.path == path || parts.path.hasPrefix(path + "/")
        else { return nil }
        return url
    }

    /// The URL of a search on this server: `Condition?patient=…&clinical-status=active`.
    func search(_ resourceType: String, _ query: [(String, String)]) -> String {
        var components = URLComponents()
        components.queryItems = query.map { URLQueryItem(name: $0.0, value: $0.1) }
        // URLComponents leaves "+" alone in query values, which a server reads as a space.
        let encoded = (components.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B")
        return "\(description)/\(resourceType)?\(encoded)"
    }

    private static func parse(_ text: String) -> (scheme: String, host: String, port: Int, path: String, query: String?)? {
        guard !text.contains(where: { $0.isWhitespace || $0 == "\\" }), let components = URLComponents(string: text),
            let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let rawHost = components.percentEncodedHost, !rawHost.isEmpty, !rawHost.contains("%"),
            components.percentEncodedUser == nil, components.percentEncodedPassword == nil, components.fragment == nil
        else { return nil }
        let path = components.percentEncodedPath
        let lowered = path.lowercased()
        guard path.isEmpty || path.hasPrefix("/"), !lowered.contains("%2e"), !lowered.contains("%2f"), !lowered.contains("%5c"),
            !path.split(separator: "/", omittingEmptySubsequences: false).contains(where: { $0 == "." || $0 == ".." })
        else { return nil }
        let port = components.port ?? (scheme == "https" ? 443 : 80)
        guard (1...65535).contains(port) else { return nil }
        let host = rawHost.lowercased()
        return (scheme, host.hasPrefix("[") || !host.contains(":") ? host : "[\(host)]", port, path, components.percentEncodedQuery)
    }
}
