import AnalgesiaAPI
import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import OpenAPIHummingbird
import OpenAPIRuntime
import Prometheus

/// The one place that chooses implementations and wires the application together.
///
/// Start-up order: open the database (the given persistence, else the one the settings choose:
/// embedded SQLite at `db.path`, or PostgreSQL at `db.url`) → apply migrations and load the
/// knowledge snapshot (SQLite: beside building the router; PostgreSQL: once its pool runs),
/// finished before the server accepts connections → serve; a background service
/// polls for knowledge changes, and on PostgreSQL a listener hears them at once.
func buildApplication(
    configuration: AppConfiguration,
    logger: Logger,
    persistence: Persistence? = nil,
    metrics: ServiceMetrics = ServiceMetrics(registry: PrometheusCollectorRegistry()),
    onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
) async throws -> some ApplicationProtocol {
    let persistence = try persistence ?? .open(configuration, logger: logger)
    let store = KnowledgeStore(repository: persistence.knowledge, logger: logger)
    // Embedded SQLite needs no running pool, so the database is migrated and the knowledge
    // loaded on another core while the contract is read and the router built, and the service
    // is ready sooner. PostgreSQL's pool runs as a service, so there both wait for the server
    // to start (`beforeServerStarts`). A failure surfaces there either way.
    let preload: Task<ServedKnowledge, any Error>? =
        persistence.connection == nil
        ? Task {
            try await persistence.migrate()
            return try await store.refresh()
        } : nil
    let contract = try Contract.bundled()
    let cds = try CDSSettings(configuration: configuration, logger: logger)

    let router = try buildRouter(
        store: store,
        persistence: persistence,
        contract: contract,
        cds: cds,
        requireKeyForReads: configuration.authRequireKeyForReads,
        limits: RequestLimits(configuration: configuration),
        metrics: metrics,
        frameAncestors: configuration.pagesFrameAncestors,
        logger: logger
    )

    let headerTimeout = TimeAmount.milliseconds(Int64(configuration.httpHeaderTimeout * 1000))
    var decoder = HTTP1Channel.Configuration.DecoderConfiguration()
    decoder.maxHeaderListSize = configuration.httpMaxHeaderBytes
    decoder.maxHeaderFieldSize = configuration.httpMaxHeaderBytes
    var app = Application(
        router: router,
        server: .http1(
            configuration: .init(
                additionalChannelHandlers: [
                    ConnectionGuardInstaller(
                        headerDeadline: headerTimeout,
                        bodyDeadline: .milliseconds(Int64(configuration.httpBodyTimeout * 1000))
                    )
                ],
                idleTimeout: .milliseconds(Int64(configuration.httpIdleTimeout * 1000)),
                httpDecoderConfiguration: decoder
            )
        ),
        configuration: .init(
            address: .hostname(configuration.httpHost, port: configuration.httpPort),
            serverName: nil,
            backlog: configuration.httpBacklog,
            availableConnectionsDelegate: MaximumAvailableConnections(configuration.httpMaxConnections, logger: logger)
        ),
        onServerRunning: onServerRunning,
        logger: logger
    )
    app.beforeServerStarts {
        let served: ServedKnowledge
        if let preload {
            served = try await preload.value
        } else {
            try await persistence.migrate()
            served = try await store.refresh()
        }
        metrics.knowledgeBaseServed(version: served.version)
    }
    if let connection = persistence.connection { app.addServices(connection) }
    app.addServices(persistence.services)
    persistence.events?.onKnowledgeChange {
        do {
            try await store.refresh()
        } catch {
            logger.warning("Knowledge refresh after a change notification failed", metadata: ["error": "\(error)"])
        }
    }
    if configuration.knowledgeRefreshSeconds > 0 {
        app.addServices(
            KnowledgeRefreshService(
                store: store,
                interval: .milliseconds(Int(configuration.knowledgeRefreshSeconds * 1000)),
                logger: logger
            )
        )
    }
    return app
}

/// The router: error and contract middleware around the generated OpenAPI handlers.
func buildRouter(
    store: KnowledgeStore,
    persistence: Persistence,
    contract: Contract,
    cds: CDSSettings,
    requireKeyForReads: Bool = false,
    limits: RequestLimits = RequestLimits(configuration: AppConfiguration()),
    metrics: ServiceMetrics,
    frameAncestors: String = "'none'",
    logger: Logger
) throws -> Router<AppRequestContext> {
    let keys = APIKeyStore(repository: persistence.keys)
    persistence.events?.onKeyRevoked { id in keys.verified.forget(keyID: id) }
    let pages = try PageRenderer.bundled()
    let router = Router(context: AppRequestContext.self, options: .autoGenerateHeadEndpoints)
    let maxBodyBytes = 64 * 1024
    // Outermost first. Header values are restored innermost, so the cache keeps clean ones.
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: SecurityHeadersMiddleware(frameAncestors: frameAncestors))
    router.add(middleware: ProblemDetailsMiddleware(html: HTMLProblemRenderer(pages: pages, store: store)))
    router.add(middleware: RouteResolutionMiddleware(contract: contract))
    router.add(middleware: AuthenticationMiddleware(keys: keys))
    router.add(middleware: CDSAuthenticationMiddleware(verifier: cds.verifier))
    if let limiter = limits.rateLimiter {
        router.add(middleware: RateLimitMiddleware(limiter: limiter))
    }
    router.add(middleware: CDSCORSMiddleware(allowedOrigins: Set(cds.allowedOrigins)))
    router.add(middleware: ContractMiddleware())
    router.add(middleware: AuthorizationMiddleware(requireKeyForReads: requireKeyForReads))
    router.add(middleware: CDSAuthMiddleware(verifier: cds.verifier, allowUnsigned: cds.allowUnsigned))
    router.add(
        middleware: BodyLimitMiddleware(
            defaultMaxBytes: maxBodyBytes,
            pathLimits: ["/v1/import": KnowledgeTransfer.maxImportBytes],
            operationLimits: ["callCDSService": cds.maxRequestBytes]
        )
    )
    router.add(
        middleware: DeterministicResponseCache(
            getPrefixes: ["/v1/", "/conditions/", "/findings/", "/mechanisms/", "/guidelines/"],
            getPaths: ["/", "/search", "/recommend"],
            postPaths: ["/v1/recommendations"],
            excludedPaths: ["/v1/keys", "/v1/export"],
            store: store,
            storage: ResponseCacheStorage(capacity: 256, byteBudget: 4 * 1024 * 1024),
            maxBodyBytes: maxBodyBytes
        )
    )
    // After the cache: an answer is remembered only when it was 200, so its body passed this
    // check, and the same bytes always pass it again; a repeated body is not parsed twice.
    router.add(middleware: BodySchemaMiddleware(contract: contract, maxBodyBytes: maxBodyBytes))
    router.add(middleware: ResponseHeadersMiddleware())

    let handler = APIHandler(
        store: store,
        repository: persistence.knowledge,
        contract: contract,
        feedback: persistence.feedback,
        cds: cds.responder,
        metrics: metrics,
        logger: logger,
        curation: CurationStore(
            repository: persistence.curation,
            store: store,
            validator: SchemaValidator(contract: contract),
            logger: logger
        ),
        keys: keys,
        pages: pages
    )
    // Innermost: answers the common recommendation request from pre-encoded parts; everything
    // else reaches the generated handlers below.
    router.add(middleware: RenderedAdviceMiddleware(handler: handler))
    try handler.registerHandlers(
        on: router,
        serverURL: Servers.Server1.url(),
        configuration: .init(jsonEncodingOptions: APIJSON.serverOptions),
        middlewares: [ErrorHandlingMiddleware(), OpenAPIProblemMiddleware(logger: logger, contract: contract)]
    )
    return router
}

/// How the CDS Hooks endpoints are secured and reached, and what answers them.
struct CDSSettings: Sendable {
    var publicURL: String
    var verifier: CDSJWTVerifier?
    var allowUnsigned: Bool
    var allowedOrigins: [String]
    /// The largest hook call body.
    var maxRequestBytes: Int
    var responder: CDSHookResponder

    /// Loads the trusted issuers, the trigger table and the FHIR allowlists; warns when unsigned
    /// calls are allowed and when card links would point at an address no EHR can reach.
    init(configuration: AppConfiguration, logger: Logger, http: OutboundHTTPClient = .shared) throws {
        publicURL = configuration.effectiveCDSPublicURL
        if let file = configuration.cdsTrustedIssuersFile {
            let issuers = try CDSTrustedIssuers.load(
                file: file,
                fetcher: JWKSFetcher(http: http),
                jwksCacheTTL: .milliseconds(Int64(configuration.cdsJWKSCacheSeconds * 1000)),
                logger: logger
            )
            verifier = CDSJWTVerifier(issuers: issuers, publicURL: publicURL)
        } else {
            verifier = nil
        }
        allowUnsigned = configuration.cdsAllowUnsigned
        allowedOrigins = configuration.cdsAllowedOrigins
        maxRequestBytes = configuration.cdsMaxRequestBytes
        let limits = FHIRFetchLimits(
            timeout: .milliseconds(Int64(configuration.cdsFHIRTimeout * 1000)),
            maxPages: configuration.cdsFHIRMaxPages,
            maxBytes: configuration.cdsFHIRMaxBytes
        )
        responder = CDSHookResponder(
            links: CDSLinkBuilder(publicURL: publicURL),
            triggers: try OrderSelectTriggers.bundled(),
            problemLists: ProblemListLoader(
                fetcher: FHIRConditionFetcher(http: http, limits: limits, logger: logger),
                unsignedFHIRServers: try FHIRServerAllowlist(configuration.cdsUnsignedFHIRServers, origin: "cds.unsignedFhirServers")
            )
        )
        if allowUnsigned {
            logger.warning("CDS Hooks calls without a bearer JWT are accepted (--cds-allow-unsigned); use this for local testing only")
        }
        if configuration.cdsPublicURL == nil, Self.unreachable(host: configuration.httpHost) {
            logger.warning(
                "cds.publicURL is unset: CDS Hooks cards will link to \(publicURL), which no EHR or clinician's browser can reach, and JWTs must name it as their audience; set --cds-public-url (CDS_PUBLIC_URL) to the URL EHRs call"
            )
        }
        if let verifier {
            logger.info(
                "CDS Hooks JWT verification on",
                metadata: ["cds.issuers": "\(verifier.issuers.keys.sorted())", "cds.publicURL": "\(publicURL)"]
            )
        } else if !allowUnsigned {
            logger.notice("No CDS Hooks issuers are trusted (cds.trustedIssuersFile); hook calls will be refused")
        }
    }

    /// Loopback and unspecified addresses: fine to listen on, useless in a link.
    static func unreachable(host: String) -> Bool {
        let host = host.lowercased()
        return host == "localhost" || host.hasPrefix("127.") || host == "::1" || host == "[::1]" || host == "0.0.0.0" || host == "::"
            || host == "[::]"
    }
}

/// Per-request limits the router applies (the connection-level ones are on the server).
struct RequestLimits: Sendable {
    var rateLimiter: RateLimiter?

    init(configuration: AppConfiguration) {
        rateLimiter =
            configuration.rateRequestsPerSecond > 0
            ? RateLimiter(requestsPerSecond: configuration.rateRequestsPerSecond, burst: configuration.rateBurst) : nil
    }
}
