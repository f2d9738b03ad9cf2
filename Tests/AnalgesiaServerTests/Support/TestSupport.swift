import AnalgesiaKnowledge
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing

@testable import AnalgesiaServer

/// The real application over a fresh store (in-memory SQLite, or a new PostgreSQL database when
/// the run is on PostgreSQL: `TestBackend.current`), driven through the router.
func withApp(
    store: TestStore? = nil,
    configure: (inout AppConfiguration) -> Void = { _ in },
    _ test: @escaping @Sendable (any TestClientProtocol) async throws -> Void
) async throws {
    var configuration = testConfiguration
    configure(&configuration)
    var persistence: Persistence
    if let store { persistence = store.persistence } else { persistence = try await TestStore.make(migrated: true).persistence }
    let app = try await buildApplication(configuration: configuration, logger: quietLogger, persistence: persistence)
    try await app.test(.router, test)
}

/// The defaults, without background polling or rate limiting (tests that need them set them).
let testConfiguration: AppConfiguration = {
    var configuration = AppConfiguration()
    configuration.knowledgeRefreshSeconds = 0
    configuration.rateRequestsPerSecond = 0
    return configuration
}()

/// Tests log only what goes wrong.
let quietLogger: Logger = {
    var logger = Logger(label: "test")
    logger.logLevel = .warning
    return logger
}()

/// A migrated in-memory database and the knowledge snapshot loaded from it.
func seededKnowledge() async throws -> (AppDatabase, ServedKnowledge) {
    let database = try AppDatabase.inMemory()
    try await database.migrate()
    let content = try await SQLiteKnowledgeRepository(database: database).loadContent()
    return (database, ServedKnowledge(content: content))
}

/// A decoded JSON response.
struct JSONResponse {
    let status: HTTPResponse.Status
    let headers: HTTPFields
    let json: Any?
    let text: String

    var object: [String: Any] { json as? [String: Any] ?? [:] }
    var data: [[String: Any]] { object["data"] as? [[String: Any]] ?? [] }
    var contentType: String { headers[.contentType] ?? "" }
    var isProblem: Bool { contentType.hasPrefix("application/problem+json") }
    subscript(_ key: String) -> Any? { object[key] }
}

extension TestClientProtocol {
    /// Sends a request and decodes the JSON body (if any).
    func call(
        _ method: HTTPRequest.Method = .get,
        _ uri: String,
        headers: HTTPFields = [:],
        body: String? = nil
    ) async throws -> JSONResponse {
        try await execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }) { response in
            let bytes = Data(String(buffer: response.body).utf8)
            return JSONResponse(
                status: response.status,
                headers: response.headers,
                json: bytes.isEmpty ? nil : try? JSONSerialization.jsonObject(with: bytes),
                text: String(decoding: bytes, as: UTF8.self)
            )
        }
    }
}

/// Checks that a response is an RFC 9457 problem with the given status, naming `mentioning`.
func expectProblem(
    _ response: JSONResponse,
    _ status: HTTPResponse.Status,
    mentioning: String? = nil,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(response.status == status, "status \(response.status) body \(response.text)", sourceLocation: sourceLocation)
    #expect(response.isProblem, "content type \(response.contentType)", sourceLocation: sourceLocation)
    #expect(response["status"] as? Int == Int(status.code), sourceLocation: sourceLocation)
    #expect((response["title"] as? String)?.isEmpty == false, sourceLocation: sourceLocation)
    #expect((response["type"] as? String)?.hasPrefix("/problems/") == true, sourceLocation: sourceLocation)
    let detail = response["detail"] as? String ?? ""
    if let mentioning {
        #expect(detail.contains(mentioning), "detail: \(detail)", sourceLocation: sourceLocation)
    }
    #expect(!response.text.contains("Swift."), "leaks internals: \(response.text)", sourceLocation: sourceLocation)
}

/// The repository root, for tests that compare files with what the binary carries.
let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
