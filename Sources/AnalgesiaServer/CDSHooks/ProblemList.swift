import AnalgesiaAPI
/// The patient's Conditions as the service got them, and whether some may be missing.
struct ProblemList: Sendable {
    var resources: [FHIR.Resource] = []
    /// Why the list may be incomplete (a page that could not be fetched, a cap reached), for the
    /// card that says so; nil when every page is in.
    var incompleteBecause: String?
    /// Where the Conditions came from, for the card: "the prefetch", "the FHIR server".
    var origin = "the prefetch"

    /// Adds a searchset page's resources (OperationOutcome entries of `search.mode` outcome are
    /// kept too: they are not Conditions, so they never count).
    mutating func append(_ page: FHIR.SearchResult) {
        resources += page.entry?.compactMap(\.resource) ?? []
    }
}

extension FHIR.SearchResult {
    /// The `next` link of a paged Bundle.
    var nextLink: String? {
        link?.first { $0.relation == "next" }?.url
    }

    /// What an OperationOutcome says, shortened, for a problem detail.
    var outcomeSummary: String {
        let texts = issue?.compactMap { $0.diagnostics ?? $0.code } ?? []
        return texts.isEmpty ? "no details" : String(texts.joined(separator: "; ").prefix(200))
    }
}
