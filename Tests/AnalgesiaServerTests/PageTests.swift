import AnalgesiaKnowledge
import Foundation
import HTTPTypes
import HummingbirdTesting
import Mustache
import Testing

@testable import AnalgesiaServer

/// The HTML pages: each renders the snapshot's content, escapes what it shows, links to its JSON
/// twin, names the knowledge-base version, and carries the page security headers.
@Suite("HTML pages")
struct PageTests {
    static let browser: HTTPFields = [.accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"]

    static func page(_ client: some TestClientProtocol, _ uri: String) async throws -> JSONResponse {
        try await client.call(.get, uri, headers: browser)
    }

    @Test("the home page says what the service knows, which version, and links every condition")
    func home() async throws {
        try await withApp { client in
            let response = try await Self.page(client, "/")
            #expect(response.status == .ok)
            #expect(response.contentType.hasPrefix("text/html"))
            let version = try #require(response.headers[.knowledgeBaseVersion])
            #expect(response.text.contains("<code>\(version)</code>"))
            #expect(response.text.contains("8 conditions, 17 mechanisms, 61 findings (each labelled with what it rests on) and 21 guidelines"))
            for slug in KnowledgeInventoryTests.conditions {
                #expect(response.text.contains("href=\"/conditions/\(slug)\""), "\(slug)")
            }
            #expect(response.text.contains("<form class=\"search big\" action=\"/search\""))
            #expect(response.text.contains("href=\"/v1/knowledge-base\""), "the JSON twin")
        }
    }

    @Test("a condition page shows the EA grid with symbols, words and bases, a legend, its codes with scope, and links")
    func condition() async throws {
        try await withApp { client in
            let response = try await Self.page(client, "/conditions/shoulder-myalgia")
            #expect(response.status == .ok)
            let html = response.text
            #expect(html.contains("<table class=\"ea-grid\">"))
            #expect(html.contains("<th scope=\"row\">Isometric (static)</th>"))
            #expect(html.contains("<span class=\"response\">Analgesia (pain sensitivity falls)</span>"))
            #expect(html.contains("<span class=\"basis basis-study\">Study, ref 39</span>"))
            #expect(html.contains("<span class=\"basis basis-inferred\">Inferred by this service</span>"))
            #expect(html.contains("<span class=\"basis basis-not-studied\">Not studied</span>"))
            #expect(html.contains("How to read the grid"), "a legend")
            #expect(html.contains("aria-hidden=\"true\">↓</span>"), "colour is not the only carrier: symbols")
            #expect(html.contains("<strong>broader</strong>"))
            #expect(html.contains("href=\"/findings/lannersten-2010-static-contraction-myalgia-fibromyalgia\""))
            #expect(html.contains("href=\"/guidelines/exercise-non-painful-muscles-in-local-myalgia\""))
            #expect(html.contains("href=\"/v1/conditions/shoulder-myalgia\""))
            #expect(html.contains("href=\"/recommend?conditions=shoulder-myalgia\""))
            let fibromyalgia = try await Self.page(client, "/conditions/fibromyalgia")
            #expect(fibromyalgia.text.contains("more pain (facilitation) in some patients"))
            #expect(fibromyalgia.text.contains("Statement of the review, no study described"))
        }
    }

    @Test("finding, mechanism and guideline pages show their evidence, where in the review, and link to each other")
    func items() async throws {
        try await withApp { client in
            let finding = try await Self.page(client, "/findings/staud-2005-unilateral-isometric-30-mvc")
            #expect(finding.status == .ok)
            #expect(finding.text.contains("Study, ref 47"))
            #expect(finding.text.contains("Dysfunction of endogenous analgesia during muscle contraction, paragraph 2"))
            #expect(finding.text.contains("Reference 47: Staud R. 2005."))
            #expect(finding.text.contains("pages not recorded"))
            #expect(finding.text.contains("href=\"/conditions/fibromyalgia\""))
            #expect(finding.text.contains("href=\"/mechanisms/descending-facilitation\""))

            let mechanism = try await Self.page(client, "/mechanisms/endogenous-opioids")
            #expect(mechanism.text.contains("<strong>Hypothesized</strong>"))
            #expect(mechanism.text.contains("href=\"/findings/beta-endorphin-release-mu-opioid\""))

            let research = try await Self.page(client, "/guidelines/research-opioids-with-early-graded-exercise")
            #expect(research.text.contains("Research hypothesis, not advice."))
            let table = try await Self.page(client, "/guidelines/no-grading-on-major-flare")
            #expect(table.text.contains("Table 1, item 12"))
        }
    }

    @Test("search ranks hits, highlights the words, and escapes everything but the highlight")
    func search() async throws {
        try await withApp { client in
            let form = try await Self.page(client, "/search")
            #expect(form.status == .ok)
            #expect(!form.text.contains("<ol class=\"hits\">"))
            let response = try await Self.page(client, "/search?q=isometric%20fibromyalgia")
            #expect(response.status == .ok)
            #expect(response.text.contains("<ol class=\"hits\">"))
            #expect(response.text.contains("<mark>"))
            #expect(response.text.contains("value=\"isometric fibromyalgia\""))
            #expect(response.text.contains("href=\"/v1/search?q=isometric%20fibromyalgia\""))
            #expect(PageText.snippetHTML("a <mark>b</mark> <script>") == "a <mark>b</mark> &lt;script&gt;")
        }
    }

    @Test("the recommendation form: its query string gives the same advice as POST /v1/recommendations")
    func recommend() async throws {
        try await withApp { client in
            let empty = try await Self.page(client, "/recommend")
            #expect(empty.status == .ok)
            #expect(empty.text.contains("<label><input type=\"checkbox\" name=\"conditions\" value=\"fibromyalgia\"> Fibromyalgia</label>"))
            #expect(!empty.text.contains("class=\"advice\""))

            let query =
                "conditions=fibromyalgia&conditions=http://snomed.info/sct%7C279039007&painfulRegions=widespread&phase=grading&flare=minor&medications=snri"
            let response = try await Self.page(client, "/recommend?\(query)")
            #expect(response.status == .ok, "\(response.text.prefix(300))")
            #expect(response.headers[.cacheControl] == "no-store", "a patient profile is never stored")
            let html = response.text
            #expect(html.contains("value=\"fibromyalgia\" checked"))
            #expect(html.contains("value=\"widespread\" checked"))
            #expect(html.contains("<option value=\"grading\" selected>"))
            #expect(html.contains("Confirm before use"))
            #expect(html.contains("<details class=\"trace\">"))

            let answer = try await client.call(
                .post,
                "/v1/recommendations",
                headers: [.contentType: "application/json"],
                body:
                    #"{"conditions":["fibromyalgia","http://snomed.info/sct|279039007"],"painfulRegions":["widespread"],"phase":"grading","flare":"minor","medications":["snri"]}"#
            )
            let grading = try #require(answer["grading"] as? [String: Any])
            #expect(html.contains("<span class=\"decision\">\(grading["decision"] as? String ?? "?")</span>"))
            let recommendations = try #require(answer["recommendations"] as? [[String: Any]])
            for recommendation in recommendations {
                let text = PageText.escape(recommendation["text"] as? String ?? "")
                #expect(html.contains(text), "missing: \(text.prefix(80))")
            }
            #expect(html.contains("Research hypotheses (not advice)"))
        }
    }

    @Test("unknown items and conditions get HTML pages with suggestions; malformed parameters get an HTML 400 in a browser")
    func errors() async throws {
        try await withApp { client in
            let missing = try await Self.page(client, "/conditions/fibro")
            #expect(missing.status == .notFound)
            #expect(missing.contentType.hasPrefix("text/html"))
            #expect(missing.text.contains("href=\"/conditions/fibromyalgia\""))
            let unknown = try await Self.page(client, "/recommend?conditions=fibromyalga")
            #expect(unknown.status == .unprocessableContent)
            #expect(unknown.text.contains("is not a known condition slug"))
            #expect(unknown.text.contains("href=\"/conditions/fibromyalgia\""))
            let acute = try await Self.page(client, "/recommend?conditions=http://hl7.org/fhir/sid/icd-10-cm%7CS13.4XXA")
            #expect(acute.status == .unprocessableContent)
            #expect(acute.text.contains("initial-encounter"))
            let bad = try await Self.page(client, "/recommend?conditions=fibromyalgia&painfulRegions=elbow")
            #expect(bad.status == .badRequest)
            #expect(bad.contentType.hasPrefix("text/html"))
            #expect(bad.text.contains("painfulRegions"))
            let program = try await client.call(.get, "/recommend?conditions=fibromyalgia&painfulRegions=elbow")
            expectProblem(program, .badRequest, mentioning: "painfulRegions")
            let tooMany = try await client.call(.get, "/recommend?" + Array(repeating: "conditions=fibromyalgia", count: 21).joined(separator: "&"))
            expectProblem(tooMany, .badRequest, mentioning: "at most 20")
            let nowhere = try await Self.page(client, "/no/such/page")
            #expect(nowhere.status == .notFound)
            #expect(nowhere.contentType.hasPrefix("text/html"))
            expectProblem(try await client.call(.get, "/no/such/page"), .notFound)
        }
    }

    @Test("pages carry a CSP that allows only the service's stylesheet, a strong ETag with 304, and the knowledge version")
    func headers() async throws {
        try await withApp(configure: { $0.pagesFrameAncestors = "https://ehr.example.org" }) { client in
            let response = try await Self.page(client, "/conditions/fibromyalgia")
            let policy = try #require(response.headers[.contentSecurityPolicy])
            #expect(policy.contains("default-src 'none'"))
            #expect(policy.contains("style-src 'self'"))
            #expect(!policy.contains("script-src"), "no script at all")
            #expect(policy.contains("frame-ancestors https://ehr.example.org"))
            #expect(!response.text.contains("<script"), "no inline script")
            #expect(!response.text.contains("http://") || !response.text.contains("src=\"http"), "no assets from other hosts")
            #expect(response.headers[.cacheControl] == "no-cache")
            let etag = try #require(response.headers[.eTag])
            var conditional = Self.browser
            conditional[.ifNoneMatch] = etag
            let again = try await client.call(.get, "/conditions/fibromyalgia", headers: conditional)
            #expect(again.status == .notModified)
            let css = try await client.call(.get, "/assets/style.css", headers: [.accept: "text/css,*/*;q=0.1"])
            #expect(css.status == .ok)
            #expect(css.text.contains("@media print"))
        }
        #expect(AppConfiguration.frameAncestors("'none'") == "'none'")
        #expect(AppConfiguration.frameAncestors("'self' https://ehr.example.org") == "'self' https://ehr.example.org")
        #expect(AppConfiguration.frameAncestors("https://x.org; script-src *") == nil)
        #expect(AppConfiguration.frameAncestors("javascript:alert(1)") == nil)
    }

    @Test("a patient-view card's 'Why this advice' link opens the recommendation page for that patient")
    func cardLink() async throws {
        try await withApp(configure: { $0.cdsAllowUnsigned = true }) { client in
            let hook = try await client.call(
                .post,
                "/cds-services/exercise-analgesia-patient-view",
                headers: [.contentType: "application/json"],
                body: PatientViewFixture.request(codes: [("http://snomed.info/sct", "279039007"), ("http://hl7.org/fhir/sid/icd-10-cm", "M79.7")])
            )
            let card = try #require((hook["cards"] as? [[String: Any]])?.first)
            let source = try #require((card["source"] as? [String: Any])?["url"] as? String)
            #expect(source.hasSuffix("/conditions/fibromyalgia"), "the condition that drives the warning")
            let link = try #require((card["links"] as? [[String: Any]])?.first?["url"] as? String)
            let url = try #require(URLComponents(string: link))
            let page = try await Self.page(client, url.path + "?" + (url.percentEncodedQuery ?? ""))
            #expect(page.status == .ok, "\(page.text.prefix(300))")
            #expect(page.text.contains("Advice for Chronic low back pain and Fibromyalgia"))
            #expect(page.text.contains("Confirm before use"), "the broader code's caveat travels with the link")
        }
    }

    @Test("a curated name with markup is shown as text on every page that shows it")
    func escaping() async throws {
        let (store, tokens) = try await keyedStore()
        try await withApp(store: store) { client in
            let name = "<script>alert(1)</script> Evil & co"
            let body =
                #"{"slug":"evil-mechanism","name":"\#(name)","summary":"<img src=x onerror=alert(1)>","verdict":"hypothesized","verdictRationale":"Testing.","locator":"biology/p6","basis":"hypothesis"}"#
            let created = try await client.call(.post, "/v1/mechanisms", headers: json(tokens.curator), body: body)
            #expect(created.status == .created, "\(created.text)")
            for uri in ["/mechanisms/evil-mechanism", "/"] {
                let page = try await Self.page(client, uri)
                #expect(!page.text.contains("<script>alert(1)</script>"), "\(uri)")
                #expect(!page.text.contains("<img src=x"), "\(uri)")
                #expect(page.text.contains("&lt;script&gt;alert(1)&lt;/script&gt; Evil &amp; co"), "\(uri)")
            }
        }
    }

    @Test("every template on disk is compiled into the binary, and every compiled one is on disk")
    func templatesBundled() throws {
        let folder = repositoryRoot.appendingPathComponent("Sources/AnalgesiaServer/Resources/Pages")
        let onDisk = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasPrefix(".") }.sorted()
        #expect(onDisk == PageRenderer.templateFiles.sorted())
        let manifest = try String(contentsOf: repositoryRoot.appendingPathComponent("Package.swift"), encoding: .utf8)
        for file in onDisk { #expect(manifest.contains("\"\(file)\""), "\(file) is not listed in Package.swift") }
        let renderer = try PageRenderer.bundled()
        for file in onDisk where file.hasSuffix(".mustache") {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            #expect(renderer.library.getTemplate(named: String(file.dropLast(".mustache".count)))?.description == text, "\(file)")
        }
    }
}
