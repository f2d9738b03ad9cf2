import AnalgesiaKnowledge
import Foundation

/// `/search?q=`: the search form and, for a query, the ranked hits with highlighted snippets.
struct SearchPageModel: PageModel {
    struct Kind {
        var value: String
        var label: String
        var selected: Bool
    }

    struct Hit {
        var href: String
        var title: String
        var kind: String
        var snippetHTML: String
    }

    var chrome: PageChrome
    var query: String
    var kinds: [Kind]
    var searched: Bool
    var resultsTitle: String
    var hasHits: Bool
    var hits: [Hit]
    /// The JSON twin's next page, when there are more hits than the page shows.
    var more: String?

    init(query: String?, kind: ItemKind?, results: SearchResults?, version: String, jsonHref: String, next: String?) {
        chrome = PageChrome(
            title: query.map { "Search: \($0)" } ?? "Search",
            kbVersion: version,
            jsonHref: jsonHref
        )
        self.query = query ?? ""
        kinds =
            [Kind(value: "", label: "Everything", selected: kind == nil)]
            + ItemKind.allCases.map { Kind(value: $0.rawValue, label: PageText.words($0.rawValue) + "s", selected: $0 == kind) }
        searched = results != nil
        hits = (results?.hits ?? []).map { hit in
            Hit(
                href: "/\(hit.kind.rawValue)s/\(hit.id)",
                title: hit.title,
                kind: PageText.words(hit.kind.rawValue),
                snippetHTML: PageText.snippetHTML(hit.snippet)
            )
        }
        hasHits = !hits.isEmpty
        resultsTitle = hits.isEmpty ? "No results" : "Results for \(query ?? "")"
        more = next
    }
}
