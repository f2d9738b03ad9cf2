/// What the bearer JWT of a CDS Hooks call (POST /cds-services/…) says about its sender, as
/// `CDSAuthenticationMiddleware` found before rate limiting; `CDSAuthMiddleware` decides.
enum CDSCaller: Sendable {
    /// No token checked: not a hook call, no Authorization header, or no trusted issuers configured.
    case unchecked
    /// A valid token of a trusted issuer.
    case verified(CDSClientIdentity)
    /// A token was sent and refused; the problem to answer with.
    case refused(ProblemError)

    var identity: CDSClientIdentity? {
        if case .verified(let identity) = self { return identity }
        return nil
    }
}
