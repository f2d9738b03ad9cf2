import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Synchronization

/// A small EHR for tests, on 127.0.0.1 (a free port) only while `run` lasts: a FHIR server whose
/// Condition search answers in pages (`/fhir`), refuses tokens (`/locked`), answers too slowly
/// (`/slow`) or too much (`/big`), and a JWK Set (`/jwks`) the test can rotate. It records every
/// request it gets, so a test can tell that the service made none.
final class FHIRTestServer: Sendable {
    struct State {
        var port = 0
        var paths: [String] = []
        var authorizations: [String] = []
        /// Conditions (searchset entries) served on /fhir, `perPage` a page.
        var conditions: [String] = []
        var perPage = 2
        /// A `next` link on the last page that leaves the server's base.
        var nextOutside = false
        var jwks = #"{"keys":[]}"#
    }

    static let token = "fhir-access-token-0123456789abcdef"
    let state = Mutex(State())

    var port: Int { state.withLock { $0.port } }
    var base: String { "http://127.0.0.1:\(port)" }
    var requestCount: Int { state.withLock { $0.paths.count } }

    /// Serves on 127.0.0.1 while `body` runs.
    func run<Value: Sendable>(_ body: () async throws -> Value) async throws -> Value {
        try await withLiveServer({ onServerRunning in
            Application(
                router: router(),
                configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                onServerRunning: onServerRunning,
                logger: silentLogger
            )
        }) { port in
            state.withLock { $0.port = port }
            return try await body()
        }
    }

    private func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: Recorder(server: self))
        router.get("/fhir/Condition") { request, _ -> Response in
            guard request.headers[.authorization] == "Bearer \(Self.token)" else { return Self.status(.unauthorized) }
            let page = Int(request.uri.queryParameters["page"].map(String.init) ?? "1") ?? 1
            let (entries, perPage, outside, port) = self.state.withLock { ($0.conditions, $0.perPage, $0.nextOutside, $0.port) }
            let pages = max(1, (entries.count + perPage - 1) / perPage)
            let slice = Array(entries.dropFirst((page - 1) * perPage).prefix(perPage))
            var next: String?
            if page < pages {
                next = "http://127.0.0.1:\(port)/fhir/Condition?patient=1288992&clinical-status=active&page=\(page + 1)"
            } else if outside {
                next = "http://169.254.169.254/latest/meta-data/Condition?page=\(page + 1)"
            }
            return Self.json(CDSFixtures.bundle(slice, next: next, total: entries.count))
        }
        router.get("/locked/Condition") { _, _ in Self.status(.unauthorized) }
        router.get("/slow/Condition") { _, _ -> Response in
            try await Task.sleep(for: .seconds(3))
            return Self.json(CDSFixtures.bundle([]))
        }
        router.get("/big/Condition") { _, _ -> Response in
            let entries = (0..<2000).map { CDSFixtures.condition("big-\($0)", "http://hl7.org/fhir/sid/icd-10-cm", "M79.7") }
            return Self.json(CDSFixtures.bundle(entries))
        }
        router.get("/jwks") { _, _ in Self.json(self.state.withLock { $0.jwks }) }
        return router
    }

    static func json(_ text: String) -> Response {
        Response(status: .ok, headers: [.contentType: "application/fhir+json"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func status(_ status: HTTPResponse.Status) -> Response {
        Response(status: status, headers: [.contentType: "application/fhir+json"], body: .init(byteBuffer: ByteBuffer(string: #"{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"login"}]}"#)))
    }

    /// Records each request's path and Authorization header.
    struct Recorder: RouterMiddleware {
        let server: FHIRTestServer

        func handle(_ request: Request, context: BasicRequestContext, next: (Request, BasicRequestContext) async throws -> Response) async throws -> Response {
            server.state.withLock { state in
                state.paths.append(request.uri.path)
                state.authorizations.append(request.headers[.authorization] ?? "")
            }
            return try await next(request, context)
        }
    }
}
