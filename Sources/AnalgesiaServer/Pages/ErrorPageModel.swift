import Foundation

/// The page for an error a person meets in a browser: an unknown slug (with the same "did you
/// mean" suggestions as the API), a deleted item, a malformed parameter.
struct ErrorPageModel: PageModel {
    struct Suggestion {
        var href: String
        var label: String
    }

    var chrome: PageChrome
    var title: String
    var detail: String
    var hasSuggestions: Bool
    var suggestions: [Suggestion]

    init(title: String, detail: String, suggestions: [Suggestion] = [], version: String, jsonHref: String = "/openapi.yaml") {
        chrome = PageChrome(title: title, kbVersion: version, jsonHref: jsonHref, jsonLabel: "The API contract")
        self.title = title
        self.detail = detail
        self.suggestions = suggestions
        hasSuggestions = !suggestions.isEmpty
    }
}
