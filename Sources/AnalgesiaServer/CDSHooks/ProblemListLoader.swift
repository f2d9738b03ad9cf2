import HTTPTypes
import AnalgesiaAPI

/// Gets the patient's Conditions for a hook call: from the `conditions` prefetch when the EHR
/// sent it (following a `next` link when the FHIR server may be queried, else marking the list
/// incomplete), or else from the FHIR server itself (`FHIRConditionFetcher`) when the EHR sent
/// `fhirServer` and `fhirAuthorization` and that server is allowlisted for the caller. Anything
/// else is 412, as CDS Hooks prescribes when a service cannot get the data it needs.
struct ProblemListLoader: Sendable {
    let fetcher: FHIRConditionFetcher
    /// FHIR servers unsigned calls may make the service query (`cds.unsignedFHIRServers`).
    let unsignedFHIRServers: FHIRServerAllowlist

    /// Whether the FHIR server may be queried for this call, and with which token.
    enum Access {
        case allowed(FHIRServerBase, token: String)
        /// Not possible; the reason is safe to show.
        case unavailable(String)
    }

    func load(_ request: Components.Schemas.CDSHookRequest, client: CDSClientIdentity?) async throws -> ProblemList {
        let access = access(for: request, client: client)
        // Absent: the EHR did not satisfy the template; null: its query found nothing.
        if let prefetched = request.prefetch?.additionalProperties["conditions"] {
            guard let result = prefetched else { return ProblemList() }
            switch result.resourceType {
            case "Bundle":
                var list = ProblemList()
                list.append(result)
                if let next = result.nextLink {
                    switch access {
                    case .allowed(let base, let token):
                        await fetcher.follow(next, from: base, token: token, into: &list)
                    case .unavailable(let reason):
                        list.incompleteBecause = "the prefetch has more pages, and the service may not read them (\(reason))"
                    }
                } else if let total = result.total, total > list.resources.count {
                    list.incompleteBecause = "the prefetch holds \(list.resources.count) of \(total) Conditions"
                }
                return list
            case "OperationOutcome":
                // The EHR's query failed; try the FHIR server below, as if nothing were sent.
                if case .unavailable(let reason) = access {
                    throw Self.precondition("The 'conditions' prefetch is an OperationOutcome (\(result.outcomeSummary)), and \(reason).")
                }
            default:
                throw ProblemError.invalidParameter(
                    "prefetch.conditions",
                    in: .body,
                    reason: "must be a FHIR Bundle of Conditions (or an OperationOutcome, or null); got resourceType '\(result.resourceType.prefix(60))'.",
                    allowed: ["Bundle", "OperationOutcome"]
                )
            }
        }
        switch access {
        case .unavailable(let reason):
            throw Self.precondition("The request has no usable 'conditions' prefetch (\(CDSService.prefetch["conditions"] ?? "")), and \(reason).")
        case .allowed(let base, let token):
            do {
                return try await fetcher.fetch(patientID: try Self.patientID(request), from: base, token: token)
            } catch let error as FHIRFetchError {
                throw Self.precondition("The request has no usable 'conditions' prefetch, and the FHIR server \(base) \(error).")
            }
        }
    }

    /// The FHIR server decision: `fhirServer` and `fhirAuthorization` both sent, a Bearer token,
    /// and `fhirServer` equal to a base allowlisted for the verified issuer (or, unsigned, in
    /// `cds.unsignedFHIRServers`). Nothing is contacted to decide.
    func access(for request: Components.Schemas.CDSHookRequest, client: CDSClientIdentity?) -> Access {
        guard let server = request.fhirServer, !server.isEmpty else {
            return .unavailable("no fhirServer was sent for the service to query itself")
        }
        guard let authorization = request.fhirAuthorization else {
            return .unavailable("no fhirAuthorization was sent, so the service cannot query \(Self.shown(server)) itself")
        }
        guard authorization.tokenType.lowercased() == "bearer", !authorization.accessToken.isEmpty,
            authorization.accessToken.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F })
        else {
            return .unavailable("fhirAuthorization does not carry a usable Bearer access token")
        }
        let allowlist = client?.fhirServers ?? unsignedFHIRServers
        guard let base = allowlist.base(for: server) else {
            let whose = client.map { "the issuer \($0.issuer.prefix(100))" } ?? "unsigned calls (cds.unsignedFhirServers)"
            return .unavailable("the fhirServer \(Self.shown(server)) is not allowlisted for \(whose), so the service does not contact it")
        }
        return .allowed(base, token: authorization.accessToken)
    }

    /// `context.patientId` as a FHIR id (the search needs one).
    static func patientID(_ request: Components.Schemas.CDSHookRequest) throws -> String {
        let id = request.context.patientId
        guard (1...64).contains(id.utf8.count), id.utf8.allSatisfy({ $0 == 0x2D || $0 == 0x2E || (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) })
        else {
            throw ProblemError.invalidParameter(
                "context.patientId",
                in: .body,
                reason: "must be a FHIR id (1 to 64 letters, digits, '-' or '.') for the service to query the FHIR server."
            )
        }
        return id
    }

    static func precondition(_ detail: String) -> ProblemError {
        ProblemError(status: .preconditionFailed, type: "/problems/prefetch-required", title: "Prefetch required", detail: detail)
    }

    /// A sent URL, shortened for a message.
    static func shown(_ url: String) -> String { "'\(url.prefix(200))'" }
}
