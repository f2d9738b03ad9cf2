import Hummingbird
import NIOCore

/// The request context: Hummingbird's basic storage plus the peer address, which rate limiting
/// uses for clients without an API key.
struct AppRequestContext: RequestContext, RemoteAddressRequestContext {
    var coreContext: CoreRequestContextStorage
    let remoteAddress: SocketAddress?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}
