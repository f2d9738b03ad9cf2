import Configuration
import Foundation
import Logging

/// The service's settings, read once at start-up from one `ConfigReader`
/// (command-line flags over environment variables over the defaults below).
///
/// ## Configuration keys
/// | key | flag | environment | default |
/// |---|---|---|---|
/// | `http.host` | `--http-host` | `HTTP_HOST` | `127.0.0.1` |
/// | `http.port` | `--http-port` | `HTTP_PORT` | `8080` (0 picks a free port) |
/// | `db.path` | `--db-path` | `DB_PATH` | `./data/exercise-analgesia.sqlite` (`:memory:` for a throw-away database) |
/// | `db.busyTimeoutSeconds` | `--db-busy-timeout-seconds` | `DB_BUSY_TIMEOUT_SECONDS` | `5` |
/// | `db.url` | `--db-url` | `DB_URL` | none: PostgreSQL instead of SQLite, `postgres://user:password@host:port/database?sslmode=…` (secret) |
/// | `db.poolSize` | `--db-pool-size` | `DB_POOL_SIZE` | `10` (PostgreSQL connections per replica) |
/// | `db.connectTimeoutSeconds` | `--db-connect-timeout-seconds` | `DB_CONNECT_TIMEOUT_SECONDS` | `5` |
/// | `db.timeoutSeconds` | `--db-timeout-seconds` | `DB_TIMEOUT_SECONDS` | `10` (one PostgreSQL use, waiting included, before 503) |
/// | `kb.refreshSeconds` | `--kb-refresh-seconds` | `KB_REFRESH_SECONDS` | `2` (0 turns polling off) |
/// | `log.level` | `--log-level` | `LOG_LEVEL` | `info` |
/// | `cds.publicURL` | `--cds-public-url` | `CDS_PUBLIC_URL` | `http://<host>:<port>` |
/// | `cds.trustedIssuersFile` | `--cds-trusted-issuers-file` | `CDS_TRUSTED_ISSUERS_FILE` | none |
/// | `cds.allowUnsigned` | `--cds-allow-unsigned` | `CDS_ALLOW_UNSIGNED` | `false` |
/// | `cds.allowedOrigins` | `--cds-allowed-origins` | `CDS_ALLOWED_ORIGINS` | none (comma-separated) |
/// | `auth.requireKeyForReads` | `--auth-require-key-for-reads` | `AUTH_REQUIRE_KEY_FOR_READS` | `false` |
/// | `log.format` | `--log-format` | `LOG_FORMAT` | `text` (`json`: one JSON object per line) |
/// | `http.idleTimeoutSeconds` | `--http-idle-timeout-seconds` | `HTTP_IDLE_TIMEOUT_SECONDS` | `30` |
/// | `http.headerTimeoutSeconds` | `--http-header-timeout-seconds` | `HTTP_HEADER_TIMEOUT_SECONDS` | `10` |
/// | `http.bodyTimeoutSeconds` | `--http-body-timeout-seconds` | `HTTP_BODY_TIMEOUT_SECONDS` | `10` |
/// | `http.maxConnections` | `--http-max-connections` | `HTTP_MAX_CONNECTIONS` | `1000` |
/// | `http.backlog` | `--http-backlog` | `HTTP_BACKLOG` | `1024` |
/// | `http.maxHeaderBytes` | `--http-max-header-bytes` | `HTTP_MAX_HEADER_BYTES` | `16384` |
/// | `rate.requestsPerSecond` | `--rate-requests-per-second` | `RATE_REQUESTS_PER_SECOND` | `100` (0 turns it off) |
/// | `rate.burst` | `--rate-burst` | `RATE_BURST` | `200` |
/// | `cds.maxRequestBytes` | `--cds-max-request-bytes` | `CDS_MAX_REQUEST_BYTES` | `2097152` (2 MiB) |
/// | `cds.unsignedFhirServers` | `--cds-unsigned-fhir-servers` | `CDS_UNSIGNED_FHIR_SERVERS` | none (comma-separated) |
/// | `cds.fhirTimeoutSeconds` | `--cds-fhir-timeout-seconds` | `CDS_FHIR_TIMEOUT_SECONDS` | `5` |
/// | `cds.fhirMaxPages` | `--cds-fhir-max-pages` | `CDS_FHIR_MAX_PAGES` | `10` |
/// | `cds.fhirMaxBytes` | `--cds-fhir-max-bytes` | `CDS_FHIR_MAX_BYTES` | `4194304` (4 MiB) |
/// | `cds.jwksCacheSeconds` | `--cds-jwks-cache-seconds` | `CDS_JWKS_CACHE_SECONDS` | `300` |
/// | `pages.frameAncestors` | `--pages-frame-ancestors` | `PAGES_FRAME_ANCESTORS` | `'none'` (CSP `frame-ancestors` of the HTML pages) |
struct AppConfiguration: Sendable, Equatable {
    var httpHost: String = "127.0.0.1"
    var httpPort: Int = 8080
    var databasePath: String = "./data/exercise-analgesia.sqlite"
    var databaseBusyTimeout: Double = 5
    /// PostgreSQL instead of embedded SQLite; nil: SQLite at `databasePath`.
    var databaseURL: PostgresURL?
    /// PostgreSQL connections this replica may open (one of them listens for changes).
    var databasePoolSize = 10
    /// How long opening a PostgreSQL connection may take.
    var databaseConnectTimeout: Double = 5
    /// How long one use of PostgreSQL (waiting for a connection included) may take before the
    /// request answers 503.
    var databaseTimeout: Double = 10
    var knowledgeRefreshSeconds: Double = 2
    var logLevel: Logger.Level = .info
    /// The URL EHRs reach the service at (card links, JWT `aud`); nil: derived from host and port.
    var cdsPublicURL: String?
    /// JSON file of trusted CDS Client issuers and their JWK Sets.
    var cdsTrustedIssuersFile: String?
    /// Accept CDS Hooks calls without a bearer JWT (local testing only).
    var cdsAllowUnsigned = false
    /// Browser origins allowed to call the CDS Hooks endpoints (CORS).
    var cdsAllowedOrigins: [String] = []
    /// Whether knowledge reads need an API key (any role) too.
    var authRequireKeyForReads = false
    /// `text` or `json` log lines.
    var logFormat: LogFormat = .text
    /// A connection with nothing to read or write for this long is closed.
    var httpIdleTimeout: Double = 30
    /// A request head must arrive whole within this long (slowloris).
    var httpHeaderTimeout: Double = 10
    /// A request body must arrive whole within this long.
    var httpBodyTimeout: Double = 10
    /// Connections beyond this wait to be accepted.
    var httpMaxConnections = 1000
    /// Connections the kernel may hold for the service before it accepts them (listen backlog;
    /// the kernel caps it at `net.core.somaxconn`). Hummingbird's 256 is too few for a burst of
    /// hundreds of connections: once the queue is full the kernel drops new SYNs and a client
    /// retries only after a second.
    var httpBacklog = 1024
    /// Request headers larger than this answer 431.
    var httpMaxHeaderBytes = 16 * 1024
    /// Requests per second per client (API key or address); 0: no limit.
    var rateRequestsPerSecond: Double = 100
    /// Requests a client may send at once before the rate applies.
    var rateBurst: Double = 200
    /// The largest CDS Hooks call body (prefetch problem lists of hundreds of Conditions).
    var cdsMaxRequestBytes = 2 * 1024 * 1024
    /// FHIR servers the service may query for unsigned hook calls (`cds.allowUnsigned`).
    var cdsUnsignedFHIRServers: [String] = []
    /// All FHIR queries of one hook call together must end within this.
    var cdsFHIRTimeout: Double = 5
    /// Pages of a paged problem list the service reads, at most.
    var cdsFHIRMaxPages = 10
    /// Bytes of FHIR answers the service reads for one hook call, at most.
    var cdsFHIRMaxBytes = 4 * 1024 * 1024
    /// How long a fetched JWK Set is used before it is fetched again.
    var cdsJWKSCacheSeconds: Double = 300
    /// Who may frame the HTML pages: the Content-Security-Policy `frame-ancestors` source list
    /// (`'none'`, `'self'` or origins such as `https://ehr.example.org`, separated by spaces).
    var pagesFrameAncestors = "'none'"

    enum LogFormat: String, Sendable, CaseIterable {
        case text, json
    }

    /// The public URL in use.
    var effectiveCDSPublicURL: String { cdsPublicURL ?? "http://\(httpHost):\(httpPort)" }

    /// The in-memory path value.
    static let inMemoryPath = ":memory:"

    init() {}

    /// Reads every key, failing with a message that names the key when a value is malformed.
    init(reader: ConfigReader) throws(ConfigurationError) {
        httpHost = reader.string(forKey: "http.host", default: httpHost)
        httpPort = try Self.integer(reader, "http.port", default: httpPort, range: 0...65535)
        databasePath = reader.string(forKey: "db.path", default: databasePath)
        databaseBusyTimeout = try Self.number(reader, "db.busyTimeoutSeconds", default: databaseBusyTimeout, range: 0...600)
        if let url = reader.string(forKey: "db.url", isSecret: true), !url.isEmpty {
            databaseURL = try PostgresURL(url)
        }
        databasePoolSize = try Self.integer(reader, "db.poolSize", default: databasePoolSize, range: 2...500)
        databaseConnectTimeout = try Self.number(reader, "db.connectTimeoutSeconds", default: databaseConnectTimeout, range: 0.1...600)
        databaseTimeout = try Self.number(reader, "db.timeoutSeconds", default: databaseTimeout, range: 0.1...600)
        knowledgeRefreshSeconds = try Self.number(reader, "kb.refreshSeconds", default: knowledgeRefreshSeconds, range: 0...86400)
        let level = reader.string(forKey: "log.level", default: logLevel.rawValue)
        guard let parsed = Logger.Level(rawValue: level.lowercased()) else {
            throw ConfigurationError(
                key: "log.level",
                value: level,
                expected: Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")
            )
        }
        logLevel = parsed
        cdsPublicURL = reader.string(forKey: "cds.publicURL")
        if let url = cdsPublicURL, URL(string: url)?.scheme == nil {
            throw ConfigurationError(key: "cds.publicURL", value: url, expected: "an absolute URL such as https://cds.example.org")
        }
        cdsTrustedIssuersFile = reader.string(forKey: "cds.trustedIssuersFile")
        if let allow = reader.bool(forKey: "cds.allowUnsigned") {
            cdsAllowUnsigned = allow
        } else if let unsigned = reader.string(forKey: "cds.allowUnsigned") {
            throw ConfigurationError(key: "cds.allowUnsigned", value: unsigned, expected: "true or false")
        }
        if let require = reader.bool(forKey: "auth.requireKeyForReads") {
            authRequireKeyForReads = require
        } else if let require = reader.string(forKey: "auth.requireKeyForReads") {
            throw ConfigurationError(key: "auth.requireKeyForReads", value: require, expected: "true or false")
        }
        let format = reader.string(forKey: "log.format", default: logFormat.rawValue)
        guard let parsedFormat = LogFormat(rawValue: format.lowercased()) else {
            throw ConfigurationError(key: "log.format", value: format, expected: "text or json")
        }
        logFormat = parsedFormat
        httpIdleTimeout = try Self.number(reader, "http.idleTimeoutSeconds", default: httpIdleTimeout, range: 1...3600)
        httpHeaderTimeout = try Self.number(reader, "http.headerTimeoutSeconds", default: httpHeaderTimeout, range: 1...600)
        httpBodyTimeout = try Self.number(reader, "http.bodyTimeoutSeconds", default: httpBodyTimeout, range: 1...600)
        httpMaxConnections = try Self.integer(reader, "http.maxConnections", default: httpMaxConnections, range: 1...100_000)
        httpBacklog = try Self.integer(reader, "http.backlog", default: httpBacklog, range: 1...65535)
        httpMaxHeaderBytes = try Self.integer(reader, "http.maxHeaderBytes", default: httpMaxHeaderBytes, range: 1024...1_048_576)
        rateRequestsPerSecond = try Self.number(reader, "rate.requestsPerSecond", default: rateRequestsPerSecond, range: 0...1_000_000)
        rateBurst = try Self.number(reader, "rate.burst", default: rateBurst, range: 1...1_000_000)
        cdsAllowedOrigins = (reader.string(forKey: "cds.allowedOrigins") ?? "")
            .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        cdsMaxRequestBytes = try Self.integer(reader, "cds.maxRequestBytes", default: cdsMaxRequestBytes, range: 65536...67_108_864)
        cdsUnsignedFHIRServers = (reader.string(forKey: "cds.unsignedFhirServers") ?? "")
            .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        do {
            _ = try FHIRServerAllowlist(cdsUnsignedFHIRServers, origin: "cds.unsignedFhirServers")
        } catch {
            throw ConfigurationError(
                key: "cds.unsignedFhirServers",
                value: cdsUnsignedFHIRServers.joined(separator: ","),
                expected: "comma-separated https base URLs of FHIR servers (http for loopback only): \(error)"
            )
        }
        cdsFHIRTimeout = try Self.number(reader, "cds.fhirTimeoutSeconds", default: cdsFHIRTimeout, range: 0.1...60)
        cdsFHIRMaxPages = try Self.integer(reader, "cds.fhirMaxPages", default: cdsFHIRMaxPages, range: 1...100)
        cdsFHIRMaxBytes = try Self.integer(reader, "cds.fhirMaxBytes", default: cdsFHIRMaxBytes, range: 65536...268_435_456)
        cdsJWKSCacheSeconds = try Self.number(reader, "cds.jwksCacheSeconds", default: cdsJWKSCacheSeconds, range: 1...86400)
        let ancestors = reader.string(forKey: "pages.frameAncestors", default: pagesFrameAncestors)
        guard let sources = Self.frameAncestors(ancestors) else {
            throw ConfigurationError(
                key: "pages.frameAncestors",
                value: ancestors,
                expected: "'none', 'self' or origins such as https://ehr.example.org, separated by spaces"
            )
        }
        pagesFrameAncestors = sources
    }

    /// A CSP `frame-ancestors` source list, or nil when a token is not `'none'`, `'self'` or an
    /// http(s) origin (so that nothing else can reach the header).
    static func frameAncestors(_ text: String) -> String? {
        let tokens = text.split(separator: " ").map(String.init)
        guard !tokens.isEmpty else { return nil }
        if tokens == ["'none'"] { return "'none'" }
        for token in tokens where token != "'self'" {
            guard let url = URL(string: token), ["http", "https"].contains(url.scheme ?? ""), url.host != nil,
                url.path.isEmpty || url.path == "/", url.query == nil,
                token.allSatisfy({ $0.isASCII && !$0.isWhitespace && $0 != ";" && $0 != "," && $0 != "'" })
            else { return nil }
        }
        return tokens.joined(separator: " ")
    }

    /// Command-line flags over environment variables.
    static func standardReader(arguments: [String] = CommandLine.arguments) -> ConfigReader {
        ConfigReader(providers: [
            CommandLineArgumentsProvider(arguments: arguments),
            EnvironmentVariablesProvider(),
        ])
    }

    private static func integer(
        _ reader: ConfigReader,
        _ key: String,
        default value: Int,
        range: ClosedRange<Int>
    ) throws(ConfigurationError) -> Int {
        guard let text = reader.string(forKey: ConfigKey(key)) else { return value }
        guard let parsed = Int(text.trimmingCharacters(in: .whitespaces)), range.contains(parsed) else {
            throw ConfigurationError(key: key, value: text, expected: "an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return parsed
    }

    private static func number(
        _ reader: ConfigReader,
        _ key: String,
        default value: Double,
        range: ClosedRange<Double>
    ) throws(ConfigurationError) -> Double {
        guard let text = reader.string(forKey: ConfigKey(key)) else { return value }
        guard let parsed = Double(text.trimmingCharacters(in: .whitespaces)), range.contains(parsed) else {
            throw ConfigurationError(key: key, value: text, expected: "a number from \(range.lowerBound) to \(range.upperBound)")
        }
        return parsed
    }
}

/// A configuration value that cannot be used; the message names the key, flag and variable.
struct ConfigurationError: Error, CustomStringConvertible {
    var key: String
    var value: String
    var expected: String

    var description: String {
        let flag = "--" + key.replacingOccurrences(of: ".", with: "-").kebabCased
        let variable = key.replacingOccurrences(of: ".", with: "_").snakeCased.uppercased()
        return "Invalid configuration \(key) (\(flag) / \(variable)) = '\(value)': expected \(expected)."
    }
}

extension String {
    /// `busyTimeoutSeconds` → `busy-timeout-seconds`.
    fileprivate var kebabCased: String { separatedCamelCase(by: "-") }
    /// `busyTimeoutSeconds` → `busy_timeout_seconds`.
    fileprivate var snakeCased: String { separatedCamelCase(by: "_") }

    private func separatedCamelCase(by separator: Character) -> String {
        var result = ""
        for character in self {
            if character.isUppercase {
                result.append(separator)
                result.append(contentsOf: character.lowercased())
            } else {
                result.append(character)
            }
        }
        return result
    }
}
