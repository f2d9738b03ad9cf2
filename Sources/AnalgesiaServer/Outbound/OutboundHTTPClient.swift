import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// The one way the service calls out over HTTP (an EHR's JWK Set, an EHR's FHIR server), through
/// AsyncHTTPClient: every call is a GET with a deadline for the whole exchange, a cap on the
/// response body, and no redirects followed (a 3xx is an answer like any other, so a server can
/// never send the service on to a place nobody allowlisted). Callers check the URL against their
/// allowlist before calling; nothing here decides where the service may go. Headers are never
/// logged (they carry access tokens).
final class OutboundHTTPClient: Sendable {
    /// Shared by the whole process, like `HTTPClient.shared`: one connection pool on NIO's
    /// singleton event loops, never shut down (it lives as long as the process).
    static let shared = OutboundHTTPClient()

    private let client: HTTPClient

    init() {
        client = HTTPClient(
            eventLoopGroup: HTTPClient.defaultEventLoopGroup,
            configuration: .init(
                redirectConfiguration: .disallow,
                timeout: .init(connect: .seconds(3), read: .seconds(10)),
                decompression: .disabled
            )
        )
    }

    struct Response: Sendable {
        var status: Int
        var body: ByteBuffer
    }

    /// GET `url`; the whole exchange (connect, head and body) must end within `timeout` and the
    /// body must be at most `maxBytes`.
    func get(_ url: String, headers: [(String, String)], timeout: Duration, maxBytes: Int) async throws(OutboundHTTPError) -> Response {
        var request = HTTPClientRequest(url: url)
        request.method = .GET
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        let prepared = request
        let client = self.client
        do {
            return try await withThrowingTaskGroup(of: Response?.self) { group in
                group.addTask {
                    let response = try await client.execute(prepared, timeout: .nanoseconds(Int64(timeout.nanoseconds)))
                    let body = try await response.body.collect(upTo: maxBytes)
                    return Response(status: Int(response.status.code), body: body)
                }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    return nil
                }
                defer { group.cancelAll() }
                guard let first = try await group.next(), let response = first else { throw OutboundHTTPError.timedOut }
                return response
            }
        } catch let error as OutboundHTTPError {
            throw error
        } catch is NIOTooManyBytesError {
            throw .tooLarge(maxBytes)
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
            throw .timedOut
        } catch {
            throw .unreachable
        }
    }
}

extension Duration {
    fileprivate var nanoseconds: Double {
        Double(components.seconds) * 1e9 + Double(components.attoseconds) / 1e9
    }
}
