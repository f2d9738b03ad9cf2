import Hummingbird
import NIOCore

/// What the middleware learns about a request once and hands down the chain (Hummingbird passes
/// the context by value, so an outer middleware's findings reach every inner one).
protocol APIRequestContext: RequestContext, RemoteAddressRequestContext {
    /// The openapi.yaml path item the request addresses; nil for paths outside the contract.
    var route: Contract.Route? { get set }
    /// Who sent the request, as `AuthenticationMiddleware` found.
    var caller: Caller { get set }
    /// The EHR behind a CDS Hooks call, as `CDSAuthenticationMiddleware` found.
    var cdsCaller: CDSCaller { get set }
    /// The request body as `BodySchemaMiddleware` parsed it, once it passed the operation's schema
    /// in openapi.yaml; nil when the body was not walked (no JSON body, or a hook call).
    var checkedBody: JSONValue? { get set }
}

/// The request context: Hummingbird's basic storage, the peer address (rate limiting keys
/// clients without an API key or a verified EHR token on it), the resolved route, the callers and
/// the checked body.
struct AppRequestContext: APIRequestContext {
    var coreContext: CoreRequestContextStorage
    let remoteAddress: SocketAddress?
    var route: Contract.Route?
    var caller: Caller = .anonymous
    var cdsCaller: CDSCaller = .unchecked
    var checkedBody: JSONValue?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}

/// The sender of a request.
enum Caller: Sendable {
    /// No API key was sent (or the operation takes none).
    case anonymous
    /// A valid, unrevoked API key.
    case key(Principal)
    /// A key was sent but is malformed, unknown or revoked; the problem to answer with wherever
    /// the operation looks at keys.
    case refused(ProblemError)

    var principal: Principal? {
        if case .key(let principal) = self { return principal }
        return nil
    }
}
