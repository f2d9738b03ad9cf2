import Foundation
import Mustache

/// Renders the HTML pages from the templates compiled into the binary (Resources/Pages, listed
/// in Package.swift). Mustache escapes every value, so text from the knowledge (or a curator)
/// is shown as text, never as markup; the only unescaped value is a search snippet, which
/// `PageText.snippetHTML` escapes itself except for its `<mark>` tags.
struct PageRenderer: Sendable {
    let library: MustacheLibrary
    /// The stylesheet, with its strong ETag.
    let stylesheet: String
    let stylesheetETag: String

    /// The templates carried by this executable.
    static func bundled() throws -> PageRenderer {
        let templates: [(String, [UInt8])] = [
            ("layout", PackageResources.layout_mustache),
            ("home", PackageResources.home_mustache),
            ("condition", PackageResources.condition_mustache),
            ("finding", PackageResources.finding_mustache),
            ("mechanism", PackageResources.mechanism_mustache),
            ("guideline", PackageResources.guideline_mustache),
            ("search", PackageResources.search_mustache),
            ("recommend", PackageResources.recommend_mustache),
            ("error", PackageResources.error_mustache),
            ("cautions", PackageResources.cautions_mustache),
        ]
        var library = MustacheLibrary()
        for (name, bytes) in templates {
            guard let text = String(bytes: bytes, encoding: .utf8) else { throw MissingResourceError(name: name) }
            try library.register(text, named: name)
        }
        guard let css = String(bytes: PackageResources.style_css, encoding: .utf8) else { throw MissingResourceError(name: "style.css") }
        return PageRenderer(library: library, stylesheet: css, stylesheetETag: ETag.of(css))
    }

    /// Names of the templates, for tests that compare them with the files on disk.
    static let templateFiles = [
        "layout.mustache", "home.mustache", "condition.mustache", "finding.mustache", "mechanism.mustache", "guideline.mustache",
        "search.mustache", "recommend.mustache", "error.mustache", "cautions.mustache", "style.css",
    ]

    /// The page `template` filled with `model`.
    func render(_ template: String, _ model: some PageModel) -> String {
        library.render(model, withTemplate: template) ?? ""
    }
}
