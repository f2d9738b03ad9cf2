import Foundation

/// What the layout shows on every page: its title, the knowledge-base version that answered, and
/// the JSON twin of the page.
struct PageChrome: Sendable {
    var title: String
    var kbVersion: String
    var jsonHref: String
    var jsonLabel: String = "This page as JSON"
}
