/// Bounds on one hook call's FHIR queries, all pages together (`cds.fhirTimeoutSeconds`,
/// `cds.fhirMaxPages`, `cds.fhirMaxBytes`).
struct FHIRFetchLimits: Sendable {
    var timeout: Duration = .seconds(5)
    var maxPages = 10
    var maxBytes = 4 * 1024 * 1024
}
