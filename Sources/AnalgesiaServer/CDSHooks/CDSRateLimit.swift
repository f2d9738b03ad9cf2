/// An issuer's own rate limit, from the trusted-issuers file (`rateLimit`); issuers without one
/// share the service-wide `rate.requestsPerSecond` and `rate.burst` per issuer and tenant.
struct CDSRateLimit: Codable, Sendable, Equatable {
    var requestsPerSecond: Double
    var burst: Double
}
