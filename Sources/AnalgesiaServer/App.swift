import Foundation
import Hummingbird
import Logging
import Metrics
import Prometheus

/// `exercise-analgesia`: reads its configuration, bootstraps logging once, and runs the
/// service until SIGTERM or SIGINT (graceful shutdown through swift-service-lifecycle).
@main
struct App {
    static func main() async {
        if CommandLine.arguments.contains("--help") || CommandLine.arguments.contains("-h") {
            print(usage)
            return
        }
        let configuration: AppConfiguration
        do {
            configuration = try AppConfiguration(reader: AppConfiguration.standardReader())
        } catch {
            FileHandle.standardError.write(Data("exercise-analgesia: \(error)\n".utf8))
            exit(64)  // EX_USAGE
        }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = configuration.logLevel
            return handler
        }
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        let logger = Logger(label: "exercise-analgesia")
        do {
            let app = try await buildApplication(
                configuration: configuration,
                logger: logger,
                metrics: ServiceMetrics(registry: registry)
            )
            try await app.runService()
        } catch {
            logger.critical("Stopped", metadata: ["error": "\(error)"])
            exit(1)
        }
    }

    static let usage = """
        exercise-analgesia: the exercise-induced analgesia knowledge service.

        Every setting can be given as a flag or an environment variable (flags win):
          --http-host HOST               HTTP_HOST                 default 127.0.0.1
          --http-port PORT               HTTP_PORT                 default 8080 (0: any free port)
          --db-path PATH                 DB_PATH                   default ./data/exercise-analgesia.sqlite
          --db-busy-timeout-seconds N    DB_BUSY_TIMEOUT_SECONDS   default 5
          --kb-refresh-seconds N         KB_REFRESH_SECONDS        default 2 (0: off)
          --log-level LEVEL              LOG_LEVEL                 default info
          --cds-public-url URL           CDS_PUBLIC_URL            default http://HOST:PORT
          --cds-trusted-issuers-file F   CDS_TRUSTED_ISSUERS_FILE  JSON: {"issuers":[{"iss":..,"jwks":{..}}]}
          --cds-allow-unsigned           CDS_ALLOW_UNSIGNED        default false (local testing only)
          --cds-allowed-origins LIST     CDS_ALLOWED_ORIGINS       comma-separated CORS origins
        """
}
