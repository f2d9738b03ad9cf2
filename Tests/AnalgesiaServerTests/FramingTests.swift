import Foundation
import Testing

@testable import AnalgesiaServer

/// Requests whose HTTP framing is broken, over a real socket (no HTTP client sends them).
@Suite("HTTP framing")
struct FramingTests {
    @Test("a chunked body with a malformed chunk size is a 400 problem, and the connection closes (nothing after it is read)")
    func malformedChunkSize() async throws {
        var configuration = testConfiguration
        configuration.cdsAllowUnsigned = true
        configuration.httpPort = 0
        for path in ["/cds-services/exercise-analgesia-patient-view", "/v1/recommendations"] {
            try await withLiveServer({ onServerRunning in
                try await buildApplication(
                    configuration: configuration,
                    logger: silentLogger,
                    persistence: try await TestStore.make().persistence,
                    onServerRunning: onServerRunning
                )
            }) { port in
                let connection = try RawHTTPConnection(port: port)
                connection.send(
                    "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "zz\r\n{}\r\n0\r\n\r\n"
                        + "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                )
                let (text, closed) = connection.receiveAll()
                #expect(text.hasPrefix("HTTP/1.1 400"), "\(path): \(text.prefix(200))")
                #expect(text.lowercased().contains("content-type: application/problem+json"))
                #expect(text.contains("/problems/malformed-request"))
                #expect(text.lowercased().contains("connection: close"))
                #expect(closed, "the connection is closed")
                #expect(!text.contains("HTTP/1.1 200"), "the request smuggled after the body is not answered")
            }
        }
    }
}
