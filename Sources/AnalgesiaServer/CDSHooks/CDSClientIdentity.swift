/// The EHR a hook call came from, as its verified bearer JWT says: the trusted issuer, its
/// `tenant` when sent, what the trusted-issuers file allows it (FHIR servers) and its own rate
/// limit. `CDSAuthenticationMiddleware` finds it; the rate limiter keys on it; the handler reads it
/// through `current` (the generated handlers see no request context).
struct CDSClientIdentity: Sendable {
    var issuer: String
    var tenant: String?
    var fhirServers: FHIRServerAllowlist
    var rateLimit: CDSRateLimit?

    /// The rate-limiter bucket: one per issuer and tenant, so one hospital's traffic through a
    /// shared proxy address neither starves nor is starved by another's.
    var bucket: String { "cds:" + issuer + "|" + (tenant ?? "") }

    /// The verified client of the request being handled; nil for unsigned calls.
    @TaskLocal static var current: CDSClientIdentity?
}

