import Hummingbird
import Logging
import NIOCore

/// For servers a test stops by cancelling them (Hummingbird logs the cancellation as an error).
let silentLogger: Logger = {
    var logger = Logger(label: "live")
    logger.logLevel = .critical
    return logger
}()

/// Runs an application on a real socket for the length of `body`, which gets the bound port. The
/// application must listen on 127.0.0.1 port 0; it is stopped (its task cancelled) when `body`
/// ends, however it ends.
func withLiveServer<App: ApplicationProtocol, Value: Sendable>(
    _ make: (@escaping @Sendable (any Channel) async -> Void) async throws -> App,
    _ body: (Int) async throws -> Value
) async throws -> Value {
    let (ports, continuation) = AsyncStream<Int>.makeStream()
    let app = try await make { channel in continuation.yield(channel.localAddress?.port ?? 0) }
    let task = Task {
        defer { continuation.finish() }
        try await app.run()
    }
    defer { task.cancel() }
    var iterator = ports.makeAsyncIterator()
    guard let port = await iterator.next(), port > 0 else {
        _ = try await task.value
        throw CancellationError()
    }
    let value = try await body(port)
    task.cancel()
    _ = await task.result
    return value
}
