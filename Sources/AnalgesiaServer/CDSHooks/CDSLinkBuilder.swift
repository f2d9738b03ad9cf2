import AnalgesiaKnowledge

/// Every URL a card carries is built here, so that the human-readable pages (`/conditions/{slug}`
/// and `/recommend?…`, a later issue) replace the JSON links in one place. Until then a card links
/// to the most useful JSON there is: the condition the advice is about.
struct CDSLinkBuilder: Sendable {
    /// The URL EHRs reach the service at (`cds.publicURL`), without a trailing slash.
    let publicURL: String

    init(publicURL: String) {
        self.publicURL = publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL
    }

    /// The condition's page.
    func condition(_ slug: String) -> String { "\(publicURL)/v1/conditions/\(slug)" }

    /// The card's `source.url`: the first condition's page (the conditions come in slug order;
    /// `links(for:)` lists each, as CDS Hooks wants drill-down links in `links`).
    func source(for conditions: [Condition]) -> String? {
        conditions.first.map { condition($0.slug) }
    }

    /// One link per condition the card is about.
    func links(for conditions: [Condition]) -> [(label: String, url: String)] {
        conditions.map { ("Evidence for \($0.name)", condition($0.slug)) }
    }
}
