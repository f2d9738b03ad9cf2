/// The FHIR servers the service may query for one caller: those listed for a verified issuer in
/// the trusted-issuers file (`fhirServers`), or, for unsigned calls, `cds.unsignedFHIRServers`
/// (empty by default: an unsigned call never makes the service call out).
struct FHIRServerAllowlist: Sendable {
    let bases: [FHIRServerBase]

    static let none = FHIRServerAllowlist(bases: [])

    init(bases: [FHIRServerBase]) { self.bases = bases }

    /// Parses allowlist entries; an entry that is not a usable base URL, or plain http to a host
    /// other than loopback (the access token would cross the network in clear), is an error
    /// naming it.
    init(_ entries: [String], origin: String) throws(AllowlistError) {
        bases = try entries.map { entry throws(AllowlistError) in
            guard let base = FHIRServerBase(entry) else {
                throw AllowlistError("\(origin): '\(entry)' is not an http(s) base URL without user, query or fragment")
            }
            guard base.scheme == "https" || base.isLoopback else {
                throw AllowlistError("\(origin): '\(entry)' must use https (plain http is accepted for loopback only)")
            }
            return base
        }
    }

    /// The allowlisted base equal to `fhirServer`, or nil.
    func base(for fhirServer: String) -> FHIRServerBase? {
        guard let requested = FHIRServerBase(fhirServer) else { return nil }
        return bases.first { $0 == requested }
    }

    struct AllowlistError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}
