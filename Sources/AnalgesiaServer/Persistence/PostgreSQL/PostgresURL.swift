import Foundation

/// `db.url`: where the PostgreSQL backend is, as `postgres://user:password@host:port/database`
/// with libpq's `sslmode` (`disable`, `prefer` (the default), `require`, `verify-ca`,
/// `verify-full`) and `sslrootcert` query parameters. Its description never shows the password,
/// so interpolating it into a log line or an error is safe.
struct PostgresURL: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    enum SSLMode: String, Sendable, CaseIterable {
        case disable, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    var host: String
    var port: Int
    var user: String
    var password: String?
    var database: String
    var sslMode: SSLMode
    /// PEM file of the certificate authorities to trust (verify-ca, verify-full); the system's otherwise.
    var sslRootCert: String?

    /// Parses the URL; the error names what is wrong without repeating the password.
    init(_ text: String) throws(ConfigurationError) {
        func fail(_ expected: String) -> ConfigurationError {
            ConfigurationError(key: "db.url", value: Self.redact(text), expected: expected)
        }
        guard let components = URLComponents(string: text), let scheme = components.scheme,
            ["postgres", "postgresql"].contains(scheme.lowercased())
        else { throw fail("postgres://user:password@host:port/database") }
        guard let host = components.host, !host.isEmpty else { throw fail("a host, as in postgres://user:password@host:5432/database") }
        guard let user = components.user, !user.isEmpty else { throw fail("a user, as in postgres://user:password@host:5432/database") }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else { throw fail("a database name after the host, as in postgres://user@host:5432/database") }
        var sslMode = SSLMode.prefer
        var sslRootCert: String?
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let mode = item.value.flatMap(SSLMode.init(rawValue:)) else {
                    throw fail("sslmode one of \(SSLMode.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                sslMode = mode
            case "sslrootcert":
                sslRootCert = item.value
            default:
                throw fail("only the query parameters sslmode and sslrootcert (got '\(item.name)')")
            }
        }
        self.host = host
        port = components.port ?? 5432
        self.user = components.percentEncodedUser.flatMap { $0.removingPercentEncoding } ?? user
        password = components.percentEncodedPassword.flatMap { $0.removingPercentEncoding }
        self.database = database.removingPercentEncoding ?? database
        self.sslMode = sslMode
        self.sslRootCert = sslRootCert
    }

    /// The URL with `***` for the password.
    var description: String {
        var text = "postgres://\(user)\(password == nil ? "" : ":***")@\(host):\(port)/\(database)"
        text += "?sslmode=\(sslMode.rawValue)"
        if let sslRootCert { text += "&sslrootcert=\(sslRootCert)" }
        return text
    }

    var debugDescription: String { description }

    /// Any text that may hold a URL with a password, with the password replaced by `***`.
    static func redact(_ text: String) -> String {
        text.replacingOccurrences(of: #"(://[^:/@]*:)[^@]*@"#, with: "$1***@", options: .regularExpression)
    }
}
