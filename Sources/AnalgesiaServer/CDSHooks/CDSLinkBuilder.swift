import AnalgesiaKnowledge

/// Every URL a card carries is built here: the human-readable pages a clinician can read
/// (`/conditions/{slug}`, and `/recommend?…` for the patient's profile), each linking to its JSON
/// twin under `/v1/…`.
struct CDSLinkBuilder: Sendable {
    /// The URL EHRs reach the service at (`cds.publicURL`), without a trailing slash.
    let publicURL: String

    init(publicURL: String) {
        self.publicURL = publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL
    }

    /// The card's `source.url`: the page of the condition the advice is mostly about (the first
    /// of `conditions`), or the home page.
    func source(for conditions: [Condition]) -> String {
        publicURL + (conditions.first.map { "/conditions/\($0.slug)" } ?? "/")
    }

    /// "Why this advice": the recommendation page for this patient's profile, as its query string
    /// (the coded conditions as sent, so that caveats for broader codes show; no identifiers).
    func why(_ conditions: [ResolvedCondition], phase: TherapyPhase) -> String {
        let query = RecommendPageModel.Query(conditions: conditions.map(\.input), phase: phase)
        return "\(publicURL)/recommend?\(RecommendPageModel.queryString(query))"
    }
}
