import AnalgesiaAPI
import Foundation
import Logging
import NIOCore

/// Reads a patient's active Conditions from an allowlisted FHIR server with the access token the
/// EHR sent (`fhirAuthorization`): `Condition?patient={id}&clinical-status=active`, then each
/// `next` link that stays under the same base, within `FHIRFetchLimits` for all pages together.
/// The token goes into the Authorization header of these requests and nowhere else: it is never
/// logged, never put in an error.
struct FHIRConditionFetcher: Sendable {
    let http: OutboundHTTPClient
    let limits: FHIRFetchLimits
    let logger: Logger

    /// The patient's Conditions. The first page must arrive (else a `FHIRFetchError`, answered as
    /// 412); a later page that fails or a bound that is reached leaves the list marked incomplete.
    func fetch(patientID: String, from base: FHIRServerBase, token: String) async throws(FHIRFetchError) -> ProblemList {
        let deadline = ContinuousClock.now + limits.timeout
        let url = base.search("Condition", [("patient", patientID), ("clinical-status", "active")])
        let first = try await page(url, token: token, deadline: deadline, budget: limits.maxBytes)
        var list = ProblemList(origin: "the FHIR server")
        list.append(first.result)
        await follow(first.result.nextLink, from: base, token: token, into: &list, pages: 1, bytes: first.bytes, deadline: deadline)
        logger.info(
            "CDS Hooks: Conditions read from the FHIR server",
            metadata: ["fhir.server": "\(base)", "fhir.resources": "\(list.resources.count)", "fhir.complete": "\(list.incompleteBecause == nil)"]
        )
        return list
    }

    /// Follows `next` links after the pages already in `list` (`pages` of them, `bytes` long).
    func follow(
        _ next: String?,
        from base: FHIRServerBase,
        token: String,
        into list: inout ProblemList,
        pages: Int = 1,
        bytes: Int = 0,
        deadline: ContinuousClock.Instant? = nil
    ) async {
        let deadline = deadline ?? ContinuousClock.now + limits.timeout
        var next = next
        var pages = pages
        var bytes = bytes
        while let link = next {
            guard let url = base.resolve(link) else {
                list.incompleteBecause = "a next-page link points outside the allowlisted FHIR server \(base)"
                return
            }
            guard pages < limits.maxPages else {
                list.incompleteBecause = "the problem list has more than \(limits.maxPages) pages, the most the service reads"
                return
            }
            do {
                let page = try await page(url, token: token, deadline: deadline, budget: limits.maxBytes - bytes)
                list.append(page.result)
                pages += 1
                bytes += page.bytes
                next = page.result.nextLink
            } catch {
                list.incompleteBecause = "page \(pages + 1) of the problem list could not be read: the FHIR server \(error)"
                logger.notice("CDS Hooks: a page of Conditions could not be read", metadata: ["fhir.server": "\(base)", "reason": "\(error)"])
                return
            }
        }
    }

    private func page(_ url: String, token: String, deadline: ContinuousClock.Instant, budget: Int) async throws(FHIRFetchError) -> (
        result: FHIR.SearchResult, bytes: Int
    ) {
        let remaining = deadline - .now
        guard remaining > .zero else { throw .timedOut }
        guard budget > 0 else { throw .tooLarge }
        let response: OutboundHTTPClient.Response
        do {
            response = try await http.get(
                url,
                headers: [("Authorization", "Bearer \(token)"), ("Accept", "application/fhir+json")],
                timeout: remaining,
                maxBytes: budget
            )
        } catch {
            throw .outbound(error)
        }
        switch response.status {
        case 200: break
        case 401, 403: throw .refused(response.status)
        default: throw .status(response.status)
        }
        let result: FHIR.SearchResult
        do {
            result = try JSONDecoder().decode(FHIR.SearchResult.self, from: Data(response.body.readableBytesView))
        } catch {
            throw .notABundle("not FHIR JSON")
        }
        guard result.resourceType == "Bundle" else {
            throw .notABundle(
                result.resourceType == "OperationOutcome" ? "OperationOutcome: \(result.outcomeSummary)" : String(result.resourceType.prefix(40))
            )
        }
        return (result, response.body.readableBytes)
    }
}
