import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization

/// Token buckets per client: the verified API key's id (`AuthenticationMiddleware` runs first),
/// or for CDS Hooks calls the verified JWT issuer and tenant (`CDSAuthenticationMiddleware`, with
/// the issuer's own `rateLimit` from the trusted-issuers file when it has one), else the peer
/// address, so made-up or revoked keys and refused tokens count against their sender's address. A
/// client may burst up to `burst` requests and is refilled at `requestsPerSecond`; beyond that it
/// gets 429 with `Retry-After`. Health and metrics are exempt, so probes and scrapes never starve.
/// At most `maxClients` buckets are kept; idle ones (full again) are dropped first.
struct RateLimitMiddleware<Context: APIRequestContext>: RouterMiddleware {
    let limiter: RateLimiter

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        if path.hasPrefix("/health/") || path == "/metrics" { return try await next(request, context) }
        let client: String
        var limit: CDSRateLimit?
        if let identity = context.cdsCaller.identity {
            client = identity.bucket
            limit = identity.rateLimit
        } else if let principal = context.caller.principal {
            client = "key:" + principal.keyID
        } else {
            client = "ip:" + (context.remoteAddress?.ipAddress ?? "unknown")
        }
        if let wait = limiter.take(client, limit: limit) {
            var headers = HTTPFields()
            headers[.retryAfter] = String(max(1, Int(wait.rounded(.up))))
            let rate = limit ?? CDSRateLimit(requestsPerSecond: limiter.requestsPerSecond, burst: limiter.burst)
            throw ProblemError(
                status: .tooManyRequests,
                type: "/problems/rate-limited",
                title: "Too many requests",
                detail:
                    "This client sent more than \(rate.requestsPerSecond) requests per second (bursts up to \(rate.burst)); retry after the number of seconds in Retry-After.",
                extraHeaders: headers
            )
        }
        return try await next(request, context)
    }
}

/// The buckets, shared by all connections.
final class RateLimiter: Sendable {
    let requestsPerSecond: Double
    let burst: Double
    let maxClients: Int
    private let buckets = Mutex<[String: Bucket]>([:])

    struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    init(requestsPerSecond: Double, burst: Double, maxClients: Int = 10_000) {
        self.requestsPerSecond = requestsPerSecond
        self.burst = burst
        self.maxClients = maxClients
    }

    /// Takes a token for `client` (at its own `limit` if given, else the limiter's); nil when
    /// allowed, else the seconds until one is available.
    func take(_ client: String, limit: CDSRateLimit? = nil, now: ContinuousClock.Instant = .now) -> Double? {
        let requestsPerSecond = limit?.requestsPerSecond ?? self.requestsPerSecond
        let burst = limit?.burst ?? self.burst
        return buckets.withLock { buckets in
            var bucket = buckets[client] ?? Bucket(tokens: burst, updated: now)
            let elapsed = now - bucket.updated
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            bucket.tokens = min(burst, bucket.tokens + seconds * requestsPerSecond)
            bucket.updated = now
            defer {
                if buckets.count >= maxClients && buckets[client] == nil {
                    // Drop the buckets that have refilled: those clients are idle.
                    buckets = buckets.filter { _, other in
                        let idle = now - other.updated
                        return Double(idle.components.seconds) * self.requestsPerSecond + other.tokens < self.burst
                    }
                    if buckets.count >= maxClients { buckets.removeAll(keepingCapacity: true) }
                }
                buckets[client] = bucket
            }
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                return nil
            }
            return (1 - bucket.tokens) / requestsPerSecond
        }
    }
}
