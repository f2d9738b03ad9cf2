import Foundation
import Logging
import NIOCore
import NIOSSL
import PostgresNIO

/// The PostgreSQL backend's connection pool (PostgresNIO's `PostgresClient`) and what every
/// repository on it shares: a deadline on each use, so that an unreachable database answers
/// 503 instead of holding requests, and the translation of PostgreSQL's errors into
/// `PersistenceError`.
struct PostgresBackend: Sendable {
    let client: PostgresClient
    let url: PostgresURL
    /// How long one use of the database (waiting for a connection included) may take.
    let deadline: Duration
    let logger: Logger

    init(
        url: PostgresURL,
        poolSize: Int,
        minimumConnections: Int = 1,
        idleTimeout: Duration = .seconds(60),
        connectTimeout: Duration,
        deadline: Duration,
        logger: Logger
    ) throws {
        var configuration = PostgresClient.Configuration(
            host: url.host,
            port: url.port,
            username: url.user,
            password: url.password,
            database: url.database,
            tls: try Self.tls(url)
        )
        configuration.options.maximumConnections = poolSize
        configuration.options.minimumConnections = minimumConnections
        configuration.options.connectionIdleTimeout = idleTimeout
        configuration.options.connectTimeout = connectTimeout
        configuration.options.keepAliveBehavior = .init(frequency: .seconds(15))
        configuration.options.additionalStartupParameters = [("application_name", "exercise-analgesia")]
        client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.url = url
        self.deadline = deadline
        self.logger = logger
    }

    /// libpq's sslmode in PostgresNIO's terms: `prefer` and `require` encrypt without checking
    /// the certificate (as libpq does); `verify-ca` checks the chain, `verify-full` the host name too.
    static func tls(_ url: PostgresURL) throws -> PostgresClient.Configuration.TLS {
        var tls = TLSConfiguration.makeClientConfiguration()
        switch url.sslMode {
        case .disable:
            return .disable
        case .prefer, .require:
            tls.certificateVerification = .none
            return url.sslMode == .prefer ? .prefer(tls) : .require(tls)
        case .verifyCA, .verifyFull:
            tls.certificateVerification = url.sslMode == .verifyCA ? .noHostnameVerification : .fullVerification
            if let file = url.sslRootCert {
                tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(file))
            }
            return .require(tls)
        }
    }

    // MARK: Uses

    /// Runs `body` on a pooled connection within the deadline (or a shorter one: a health probe's).
    func withConnection<T: Sendable>(
        deadline: Duration? = nil,
        _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        try await translatingErrors(deadline: deadline ?? self.deadline) {
            try await client.withConnection { connection in try await body(connection) }
        }
    }

    /// Runs `body` in one transaction within the deadline; anything it throws rolls it back and
    /// comes out as thrown (a `ProblemError` from the write rules stays one).
    func transaction<T: Sendable>(
        deadline: Duration? = nil,
        _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        try await translatingErrors(deadline: deadline ?? self.deadline) {
            do {
                return try await client.withConnection { connection in
                    try await connection.withTransaction(logger: logger) { connection in try await body(connection) }
                }
            } catch let error as PostgresTransactionError {
                throw error.closureError ?? error.commitError ?? error.beginError ?? error
            }
        }
    }

    /// The first column of the one row `query` returns, as text (JSON built by the query).
    static func text(_ query: PostgresQuery, on connection: PostgresConnection, logger: Logger) async throws -> String? {
        for try await value in try await connection.query(query, logger: logger).decode(String?.self) {
            return value
        }
        return nil
    }

    /// Decodes the JSON `query` builds (`json_agg`, `row_to_json`) into records.
    static func json<T: Decodable>(_ query: PostgresQuery, as type: T.Type, on connection: PostgresConnection, logger: Logger) async throws -> T? {
        guard let text = try await text(query, on: connection, logger: logger) else { return nil }
        return try recordDecoder.decode(T.self, from: Data(text.utf8))
    }

    static let recordDecoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }()

    static let recordEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = APIJSON.formatting
        return encoder
    }()

    // MARK: Errors

    private func translatingErrors<T: Sendable>(deadline: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        do {
            return try await withThrowingTaskGroup(of: T.self) { group in
                group.addTask { try await body() }
                group.addTask {
                    try await Task.sleep(for: deadline)
                    throw PersistenceError.unavailable(reason: "no answer within \(deadline)")
                }
                defer { group.cancelAll() }
                return try await group.next()!
            }
        } catch let error as PSQLError {
            throw Self.translate(error)
        } catch where Self.isPoolError(error) {
            // PostgresNIO's pool gave up making connections (its circuit breaker tripped).
            throw PersistenceError.unavailable(reason: "PostgreSQL at \(url) accepts no connections")
        }
    }

    /// Whether `error` is the pool's own (`ConnectionPoolError`, from a module PostgresNIO does
    /// not export), e.g. its circuit breaker after connections kept failing.
    static func isPoolError(_ error: any Error) -> Bool {
        String(reflecting: type(of: error)).hasSuffix(".ConnectionPoolError")
    }

    /// Fails within the deadline, naming the database, when no connection can be made: at
    /// start-up and in commands, so that a wrong host or a database that is down is said at once
    /// instead of after the pool's circuit breaker (a minute), or never.
    func checkReachable() async throws {
        do {
            _ = try await withConnection { connection in
                try await connection.query("SELECT 1", logger: logger)
            }
        } catch PersistenceError.unavailable {
            throw PersistenceError.unavailable(
                reason: "PostgreSQL at \(url) accepted no connection within \(deadline) (db.timeoutSeconds); check that it runs and that db.url names it"
            )
        }
    }

    /// PostgreSQL's errors that are not the service's fault, in the terms every backend shares.
    static func translate(_ error: PSQLError) -> any Error {
        guard error.code == .server, let state = error.serverInfo?[.sqlState] else {
            // The connection failed, closed or could not be made: the database is unreachable.
            return PersistenceError.unavailable(reason: "\(error.code)")
        }
        let message = error.serverInfo?[.message] ?? state
        switch state.prefix(2) {
        case "23", "22": return PersistenceError.conflict(reason: message)
        case "08", "53", "57": return PersistenceError.unavailable(reason: message)
        case "40", "55": return PersistenceError.busy
        default: return error
        }
    }
}
