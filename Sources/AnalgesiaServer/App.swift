import ArgumentParser
import Foundation
import Hummingbird
import Logging
import Metrics
import Prometheus

/// `exercise-analgesia`: serves the knowledge (the default command), or manages API keys.
@main
struct App: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exercise-analgesia",
        abstract: "The exercise-induced analgesia knowledge service.",
        subcommands: [Serve.self, Keys.self, Backup.self, Check.self],
        defaultSubcommand: Serve.self
    )
}

/// Settings shared by every command: flags given as `--key value`, read by swift-configuration
/// together with the environment (flags win). See `settingsHelp`.
struct SettingsArguments: ParsableArguments {
    @Argument(
        parsing: .allUnrecognized,
        help: ArgumentHelp("Settings such as --db-path PATH (see the list in the discussion).", valueName: "setting")
    )
    var settings: [String] = []

    func configuration() throws -> AppConfiguration {
        if let problem = AppConfiguration.unknownSetting(in: settings) { throw ValidationError(problem) }
        do {
            return try AppConfiguration(reader: AppConfiguration.standardReader(arguments: ["exercise-analgesia"] + settings))
        } catch {
            throw ValidationError("\(error)")
        }
    }
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the HTTP service until SIGTERM or SIGINT (graceful shutdown).",
        discussion: settingsHelp
    )

    @OptionGroup var settings: SettingsArguments

    func run() async throws {
        let configuration = try settings.configuration()
        LoggingSystem.bootstrap(
            { label, provider -> any LogHandler in
                switch configuration.logFormat {
                case .json:
                    return JSONLogHandler(label: label, logLevel: configuration.logLevel, metadataProvider: provider)
                case .text:
                    var handler = StreamLogHandler.standardError(label: label, metadataProvider: provider)
                    handler.logLevel = configuration.logLevel
                    return handler
                }
            },
            metadataProvider: RequestLog.metadataProvider
        )
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        let logger = Logger(label: "exercise-analgesia")
        do {
            let persistence = try Persistence.open(configuration, logger: logger)
            let app = try await buildApplication(
                configuration: configuration,
                logger: logger,
                persistence: persistence,
                metrics: ServiceMetrics(registry: registry)
            )
            // SIGTERM/SIGINT: the server stops accepting, finishes in-flight requests, the
            // services stop (swift-service-lifecycle); then SQLite's WAL is folded into the database.
            try await app.runService()
            try await persistence.close()
            logger.info("Stopped: in-flight requests finished, database closed")
        } catch {
            logger.critical("Stopped", metadata: ["error": "\(error)"])
            throw ExitCode.failure
        }
    }
}

/// `exercise-analgesia keys create|list|revoke`: API keys, straight on the database the
/// settings name (the service may be running; SQLite's locking, or PostgreSQL, keeps both
/// consistent).
struct Keys: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create, list and revoke API keys.",
        discussion: "Roles: reader (reads, when reads require a key), curator (writes), admin (manages keys).",
        subcommands: [Create.self, List.self, Revoke.self]
    )

    /// Runs `body` with the key store of the database the settings name, migrated.
    static func withStore<T: Sendable>(_ settings: SettingsArguments, _ body: @escaping @Sendable (APIKeyStore) async throws -> T) async throws -> T {
        let configuration = try settings.configuration()
        var logger = Logger(label: "exercise-analgesia")
        logger.logLevel = .error
        let persistence = try Persistence.open(configuration, logger: logger)
        return try await persistence.whileConnected {
            try await persistence.migrate()
            return try await body(APIKeyStore(repository: persistence.keys))
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a key and print its token (shown this once only).")

        @Option(help: "Who or what the key is for, e.g. 'Dr Jansen (curator)'.") var name: String
        @Option(help: "reader, curator or admin.") var role: APIKeyRole
        @OptionGroup var settings: SettingsArguments

        func validate() throws {
            guard (1...100).contains(name.count) else { throw ValidationError("--name must be 1 to 100 characters.") }
        }

        func run() async throws {
            let (name, role) = (self.name, self.role)
            let (record, token) = try await Keys.withStore(settings) { try await $0.create(name: name, role: role) }
            print("id:    \(record.id)\nrole:  \(record.role.rawValue)\nname:  \(record.name)\ntoken: \(token)")
            FileHandle.standardError.write(Data("Keep the token now: only its SHA-256 is stored.\n".utf8))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List keys (never their tokens).")

        @OptionGroup var settings: SettingsArguments

        func run() async throws {
            for key in try await Keys.withStore(settings, { try await $0.list() }) {
                let state = key.revokedAt.map { "revoked \($0)" } ?? "active"
                print("\(key.id)\t\(key.role.rawValue)\t\(state)\t\(key.createdAt)\t\(key.name)")
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a key; it stops working at once.")

        @Argument(help: "The key id, e.g. key_3f9a1c0d2e4b.") var id: String
        @OptionGroup var settings: SettingsArguments

        func run() async throws {
            let id = self.id
            guard try await Keys.withStore(settings, { try await $0.revoke(id: id) }) else {
                throw ValidationError("No key has the id '\(id)'.")
            }
            print("revoked \(id)")
        }
    }
}

/// `exercise-analgesia backup --to FILE`: an online, consistent copy while the service runs.
struct Backup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy the database to FILE (SQLite online backup; safe while the service writes), then check the copy.",
        discussion:
            "Restore: stop the service, check the copy with 'check --db-path FILE', replace the database file with it (remove any -wal and -shm files next to the old one), start the service."
    )

    @Option(help: "The backup file to write; must not exist yet.") var to: String
    @OptionGroup var settings: SettingsArguments

    func run() async throws {
        let configuration = try settings.configuration()
        if let url = configuration.databaseURL { throw PostgresTools.backup(url) }
        guard !FileManager.default.fileExists(atPath: to) else {
            throw ValidationError("\(to) exists already; choose a new file so that no backup is overwritten.")
        }
        guard FileManager.default.fileExists(atPath: configuration.databasePath) else {
            throw ValidationError("No database at \(configuration.databasePath).")
        }
        let report = try AppDatabase.backup(from: configuration.databasePath, to: to, busyTimeout: configuration.databaseBusyTimeout)
        print(report.description)
        if !report.isHealthy { throw ExitCode.failure }
    }
}

/// `exercise-analgesia check`: integrity, foreign keys and migrations of a database file.
struct Check: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a database: PRAGMA integrity_check, foreign keys, applied migrations, knowledge-base version."
    )

    @OptionGroup var settings: SettingsArguments

    func run() async throws {
        let configuration = try settings.configuration()
        if let url = configuration.databaseURL { throw PostgresTools.check(url) }
        guard FileManager.default.fileExists(atPath: configuration.databasePath) else {
            throw ValidationError("No database at \(configuration.databasePath).")
        }
        let report = try AppDatabase.check(path: configuration.databasePath, busyTimeout: configuration.databaseBusyTimeout)
        print(report.description)
        if !report.isHealthy { throw ExitCode.failure }
    }
}

extension APIKeyRole: ExpressibleByArgument {}

let settingsHelp = """
    Every setting can be given as a flag or an environment variable (flags win):
      --http-host HOST                  HTTP_HOST                    default 127.0.0.1
      --http-port PORT                  HTTP_PORT                    default 8080 (0: any free port)
      --db-path PATH                    DB_PATH                      default ./data/exercise-analgesia.sqlite
      --db-busy-timeout-seconds N       DB_BUSY_TIMEOUT_SECONDS      default 5
      --db-url URL                      DB_URL                       PostgreSQL instead of SQLite: postgres://user:password@host:port/db
                                                                     (?sslmode=disable|prefer|require|verify-ca|verify-full, sslrootcert=FILE)
      --db-pool-size N                  DB_POOL_SIZE                 default 10 (PostgreSQL connections per replica)
      --db-connect-timeout-seconds N    DB_CONNECT_TIMEOUT_SECONDS   default 5
      --db-timeout-seconds N            DB_TIMEOUT_SECONDS           default 10 (a PostgreSQL use, waiting included; then 503)
      --kb-refresh-seconds N            KB_REFRESH_SECONDS           default 2 (0: off)
      --log-level LEVEL                 LOG_LEVEL                    default info
      --auth-require-key-for-reads      AUTH_REQUIRE_KEY_FOR_READS   default false
      --log-format text|json            LOG_FORMAT                   default text
      --http-idle-timeout-seconds N     HTTP_IDLE_TIMEOUT_SECONDS    default 30
      --http-header-timeout-seconds N   HTTP_HEADER_TIMEOUT_SECONDS  default 10
      --http-body-timeout-seconds N     HTTP_BODY_TIMEOUT_SECONDS    default 10
      --http-max-connections N          HTTP_MAX_CONNECTIONS         default 1000
      --http-backlog N                  HTTP_BACKLOG                 default 1024
      --http-max-header-bytes N         HTTP_MAX_HEADER_BYTES        default 16384
      --rate-requests-per-second N      RATE_REQUESTS_PER_SECOND     default 100 (0: off)
      --rate-burst N                    RATE_BURST                   default 200
      --cds-public-url URL              CDS_PUBLIC_URL               default http://HOST:PORT
      --cds-trusted-issuers-file F      CDS_TRUSTED_ISSUERS_FILE     JSON: {"issuers":[{"iss":..,"jwks":{..},"jwksURLs":[..],"fhirServers":[..]}]}
      --cds-allow-unsigned              CDS_ALLOW_UNSIGNED           default false (local testing only)
      --cds-allowed-origins LIST        CDS_ALLOWED_ORIGINS          comma-separated CORS origins
      --cds-max-request-bytes N         CDS_MAX_REQUEST_BYTES        default 2097152 (hook call bodies)
      --cds-unsigned-fhir-servers LIST  CDS_UNSIGNED_FHIR_SERVERS    FHIR servers unsigned calls may use; default none
      --cds-fhir-timeout-seconds N      CDS_FHIR_TIMEOUT_SECONDS     default 5 (all FHIR pages of one call)
      --cds-fhir-max-pages N            CDS_FHIR_MAX_PAGES           default 10
      --cds-fhir-max-bytes N            CDS_FHIR_MAX_BYTES           default 4194304
      --cds-jwks-cache-seconds N        CDS_JWKS_CACHE_SECONDS       default 300 (fetched JWK Sets)
      --pages-frame-ancestors LIST      PAGES_FRAME_ANCESTORS        default 'none' (who may frame the HTML pages)
    """
