// swift-tools-version: 6.2
import PackageDescription

/// Migrations/*.sql, compiled into the binary. List a new migration here and in
/// `SQLMigration.bundled()`; MigrationTests fails when either misses a file on disk.
/// Migrations/postgres/ holds PostgreSQL's, listed the same way in `PostgresMigrator.bundled()`;
/// knowledge releases after its 2.0.0 seed (0009 on) are SQLite files that PostgreSQL runs as well.
let migrationFiles = [
    "0001_schema.sql",
    "0002_source_and_conditions.sql",
    "0003_mechanisms_and_findings.sql",
    "0004_ea_profiles_and_guidelines.sql",
    "0005_change_tracking.sql",
    "0006_cds_feedback.sql",
    "0007_curation.sql",
    "0008_knowledge_fidelity.sql",
    "0009_knowledge_2_0_1.sql",
]
let postgresMigrationFiles = [
    "0001_pg_schema.sql",
    "0002_pg_search_and_change_tracking.sql",
    "0003_pg_review_knowledge_2_0_0.ndjson",
]

/// Sources/AnalgesiaServer/Resources/Pages: the HTML templates and the stylesheet, compiled into
/// the binary. List a new file here and in `PageRenderer.bundled()`; PageTests fails when either
/// misses a file on disk.
let pageFiles = [
    "layout.mustache",
    "home.mustache",
    "condition.mustache",
    "finding.mustache",
    "mechanism.mustache",
    "guideline.mustache",
    "search.mustache",
    "recommend.mustache",
    "error.mustache",
    "cautions.mustache",
    "style.css",
]

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "exercise-analgesia",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "exercise-analgesia", targets: ["AnalgesiaServer"])
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/swift-openapi-hummingbird.git", from: "2.1.0"),
        .package(url: "https://github.com/apple/swift-openapi-generator.git", from: "1.14.3"),
        .package(url: "https://github.com/apple/swift-openapi-runtime.git", from: "1.13.4"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(
            url: "https://github.com/apple/swift-configuration.git", from: "1.4.0",
            traits: [.defaults, "CommandLineArguments"]),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.8.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "5.0.1"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
    ],
    targets: [
        // The domain: knowledge value types and the rules engine. Foundation only.
        .target(
            name: "AnalgesiaKnowledge",
            swiftSettings: swiftSettings
        ),
        // Types and server stubs generated from the root openapi.yaml (symlinked here).
        .target(
            name: "AnalgesiaAPI",
            dependencies: [
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime")
            ],
            swiftSettings: swiftSettings,
            plugins: [.plugin(name: "OpenAPIGenerator", package: "swift-openapi-generator")]
        ),
        // The executable: configuration, HTTP, storage, observability.
        .executableTarget(
            name: "AnalgesiaServer",
            dependencies: [
                "AnalgesiaKnowledge",
                "AnalgesiaAPI",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            exclude: ["Resources/README.md"],
            // Compiled into the binary, so it runs from any directory and the container needs no
            // resource bundle.
            resources: [.embedInCode("Resources/openapi.yaml"), .embedInCode("Resources/order-select-triggers.json")]
                + migrationFiles.map { .embedInCode("Resources/Migrations/\($0)") }
                + postgresMigrationFiles.map { .embedInCode("Resources/Migrations/postgres/\($0)") }
                + pageFiles.map { .embedInCode("Resources/Pages/\($0)") },
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AnalgesiaKnowledgeTests",
            dependencies: ["AnalgesiaKnowledge"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AnalgesiaServerTests",
            dependencies: [
                "AnalgesiaServer",
                "AnalgesiaKnowledge",
                "AnalgesiaAPI",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
