import Foundation
import JWTKit
import Logging

/// One trusted issuer's verification keys: those written in the trusted-issuers file, plus those
/// fetched from its allowlisted JWK Set URLs (`jwksURLs`), so a key the EHR rotates in works
/// without a restart. Fetched keys are kept for `ttl`, then fetched again (on failure the old ones
/// stay in use and the failure is logged). A token whose `kid` is unknown makes the set fetch
/// again at once, but at most once per `unknownKidRefetchInterval`, so made-up kids cannot make
/// the service hammer the EHR. Each key's algorithm is pinned from its type: EC P-384 → ES384,
/// RSA → RS384 (a fetched key of another type is skipped).
actor IssuerKeySet {
    let issuer: String
    /// Allowlisted JWK Set URLs, normalised (`FHIRServerBase` spelling).
    let jwksURLs: [String]
    private let staticKeys: [JWK]
    private let fetcher: JWKSFetcher
    private let ttl: Duration
    private let unknownKidRefetchInterval: Duration
    private let logger: Logger

    private var fetchedKeys: [JWK] = []
    private var fetchedAt: ContinuousClock.Instant?
    private var lastUnknownKidRefetch: ContinuousClock.Instant?
    private var collection = JWTKeyCollection()
    private var kids: Set<String> = []
    private var built = false

    init(
        issuer: String,
        staticKeys: [JWK],
        jwksURLs: [String],
        fetcher: JWKSFetcher,
        ttl: Duration,
        unknownKidRefetchInterval: Duration = .seconds(30),
        logger: Logger
    ) {
        self.issuer = issuer
        self.staticKeys = staticKeys
        self.jwksURLs = jwksURLs
        self.fetcher = fetcher
        self.ttl = ttl
        self.unknownKidRefetchInterval = unknownKidRefetchInterval
        self.logger = logger
    }

    /// The normalised form of a `jku` if it is one of this issuer's allowlisted URLs.
    func allows(jku: String) -> Bool {
        guard let normalized = FHIRServerBase(jku)?.description else { return false }
        return jwksURLs.contains(normalized)
    }

    /// The keys to verify a token with `kid`: refreshed when the fetched ones are stale, and once
    /// (rate-limited) when `kid` is unknown.
    func keys(for kid: String) async -> JWTKeyCollection {
        let now = ContinuousClock.now
        if !jwksURLs.isEmpty {
            if fetchedAt.map({ now - $0 >= ttl }) ?? true {
                await refresh()
            } else if !kids.contains(kid), lastUnknownKidRefetch.map({ now - $0 >= unknownKidRefetchInterval }) ?? true {
                lastUnknownKidRefetch = now
                logger.info("CDS Hooks: unknown kid, fetching the issuer's JWK Set again", metadata: ["cds.issuer": "\(issuer)"])
                await refresh()
            }
        }
        if !built { await rebuild() }
        return collection
    }

    /// Fetches every allowlisted JWK Set; keeps the previous keys when none can be read.
    private func refresh() async {
        var keys: [JWK] = []
        var anyRead = false
        for url in jwksURLs {
            do {
                let set = try await fetcher.fetch(url)
                anyRead = true
                for key in set.keys {
                    if let pinned = try? Self.pinned(key) {
                        keys.append(pinned)
                    } else {
                        logger.notice("CDS Hooks: skipped a JWK that is neither EC P-384 nor RSA", metadata: ["cds.issuer": "\(issuer)"])
                    }
                }
            } catch {
                logger.warning("CDS Hooks: JWK Set not refreshed", metadata: ["cds.issuer": "\(issuer)", "reason": "\(error)"])
            }
        }
        fetchedAt = .now
        guard anyRead else { return }
        fetchedKeys = keys
        await rebuild()
    }

    private func rebuild() async {
        let keys = JWTKeyCollection()
        var seen: Set<String> = []
        for key in staticKeys + fetchedKeys {
            // A key without a kid could only ever be a default key, and there is none.
            guard let kid = key.keyIdentifier?.string, !seen.contains(kid) else { continue }
            do {
                try await keys.add(jwk: key)
                seen.insert(kid)
            } catch {
                logger.notice("CDS Hooks: skipped an unusable JWK", metadata: ["cds.issuer": "\(issuer)", "kid": "\(kid.prefix(100))"])
            }
        }
        // Without a default key a token whose kid matches no key is refused, not tried with the first key.
        await keys.clearDefault()
        collection = keys
        kids = seen
        built = true
    }

    /// `key` with its algorithm fixed from its type: EC P-384 → ES384, RSA → RS384.
    static func pinned(_ key: JWK) throws(CDSAuthError) -> JWK {
        var key = key
        let algorithm: JWK.Algorithm
        switch (key.keyType, key.curve?.rawValue) {
        case (.ecdsa, "P-384"?): algorithm = .es384
        case (.rsa, _): algorithm = .rs384
        default: throw CDSAuthError("only EC P-384 and RSA keys are accepted")
        }
        if let declared = key.algorithm, declared != algorithm {
            throw CDSAuthError("key algorithm \(declared) is not \(algorithm)")
        }
        key.algorithm = algorithm
        return key
    }
}
