import AnalgesiaAPI
import AnalgesiaKnowledge
import Crypto
import Foundation
import HTTPTypes
import OpenAPIRuntime

/// The HTML pages: each builds its page model from the same snapshot as the JSON API, renders it,
/// and answers 304 when the client holds the page's ETag.
extension APIHandler {
    func homePage(_ input: Operations.HomePage.Input) async throws -> Operations.HomePage.Output {
        let served = try store.require()
        return page("home", HomePageModel(served.knowledge), served: served, ifNoneMatch: input.headers.ifNoneMatch, ok: { .ok($0) }, notModified: { .notModified($0) })
    }

    func conditionPage(_ input: Operations.ConditionPage.Input) async throws -> Operations.ConditionPage.Output {
        let served = try store.require()
        guard let condition = served.knowledge.condition(input.path.slug) else {
            let (status, body) = missingPage(served, .condition, key: input.path.slug, known: served.knowledge.conditions.map(\.slug))
            return status == .gone ? .gone(body) : .notFound(body)
        }
        let model = ConditionPageModel(condition, knowledge: served.knowledge)
        return page("condition", model, served: served, ifNoneMatch: input.headers.ifNoneMatch, ok: { .ok($0) }, notModified: { .notModified($0) })
    }

    func findingPage(_ input: Operations.FindingPage.Input) async throws -> Operations.FindingPage.Output {
        let served = try store.require()
        guard let finding = served.knowledge.finding(input.path.id) else {
            let (status, body) = missingPage(served, .finding, key: input.path.id, known: served.knowledge.findings.map(\.id))
            return status == .gone ? .gone(body) : .notFound(body)
        }
        let model = FindingPageModel(finding, knowledge: served.knowledge)
        return page("finding", model, served: served, ifNoneMatch: input.headers.ifNoneMatch, ok: { .ok($0) }, notModified: { .notModified($0) })
    }

    func mechanismPage(_ input: Operations.MechanismPage.Input) async throws -> Operations.MechanismPage.Output {
        let served = try store.require()
        guard let mechanism = served.knowledge.mechanism(input.path.slug) else {
            let (status, body) = missingPage(served, .mechanism, key: input.path.slug, known: served.knowledge.mechanisms.map(\.slug))
            return status == .gone ? .gone(body) : .notFound(body)
        }
        let model = MechanismPageModel(mechanism, knowledge: served.knowledge)
        return page("mechanism", model, served: served, ifNoneMatch: input.headers.ifNoneMatch, ok: { .ok($0) }, notModified: { .notModified($0) })
    }

    func guidelinePage(_ input: Operations.GuidelinePage.Input) async throws -> Operations.GuidelinePage.Output {
        let served = try store.require()
        guard let guideline = served.knowledge.guideline(input.path.slug) else {
            let (status, body) = missingPage(served, .guideline, key: input.path.slug, known: served.knowledge.guidelines.map(\.slug))
            return status == .gone ? .gone(body) : .notFound(body)
        }
        let model = GuidelinePageModel(guideline, knowledge: served.knowledge)
        return page("guideline", model, served: served, ifNoneMatch: input.headers.ifNoneMatch, ok: { .ok($0) }, notModified: { .notModified($0) })
    }

    func searchPage(_ input: Operations.SearchPage.Input) async throws -> Operations.SearchPage.Output {
        var served = try store.require()
        let query = input.query.q?.trimmingCharacters(in: .whitespaces)
        let kind = input.query.kind.map { wire($0, as: ItemKind.self) }
        var jsonHref = "/v1/search"
        var results: SearchResults?
        var next: String?
        if let query, !query.isEmpty {
            let words = SearchQuery.words(in: query)
            let kindParameter = kind.map { "&kind=\($0.rawValue)" } ?? ""
            jsonHref = "/v1/search?q=\(PageText.queryValue(query))\(kindParameter)"
            if words.isEmpty {
                results = SearchResults(hits: [], hasMore: false, stamp: served.stamp)
            } else {
                let found = try await repository.search(SearchQuery(words: words, kind: kind, offset: 0, limit: Self.defaultLimit))
                served = try await store.snapshot(for: found.stamp)
                results = found
                if found.hasMore {
                    next = "\(jsonHref)&cursor=\(Cursor.encode(list: "search", key: String(Self.defaultLimit)))"
                }
            }
        }
        let model = SearchPageModel(query: query, kind: kind, results: results, version: served.version, jsonHref: jsonHref, next: next)
        return page("search", model, served: served, ifNoneMatch: input.headers.ifNoneMatch, ok: { .ok($0) }, notModified: { .notModified($0) })
    }

    func recommendPage(_ input: Operations.RecommendPage.Input) async throws -> Operations.RecommendPage.Output {
        let served = try store.require()
        let parameters = input.query
        let query = RecommendPageModel.Query(
            conditions: parameters.conditions ?? [],
            painfulRegions: (parameters.painfulRegions ?? []).map { wire($0) },
            phase: parameters.phase.map { wire($0) } ?? .initiation,
            flare: parameters.flare.map { wire($0) } ?? .none,
            painTrend: parameters.painTrend.map { wire($0) } ?? .stable,
            factors: (parameters.cognitiveEmotionalFactors ?? []).map { wire($0) },
            medications: (parameters.medications ?? []).map { wire($0) }
        )
        var resolution: ConditionResolution?
        var advice: Advice?
        if !query.conditions.isEmpty {
            let resolved = served.knowledge.resolve(query.conditions)
            resolution = resolved
            if resolved.problems.isEmpty {
                let profile = PatientProfile(
                    conditionSlugs: resolved.conditions.map(\.condition.slug),
                    painfulRegions: query.painfulRegions,
                    phase: query.phase,
                    flare: query.flare,
                    painTrend: query.painTrend,
                    cognitiveEmotionalFactors: query.factors,
                    medications: query.medications
                )
                advice = served.advise(profile)
                metrics.recommended(grading: advice?.grading.decision.rawValue ?? "none")
            }
        }
        let model = RecommendPageModel(
            query: query,
            knowledge: served.knowledge,
            resolution: resolution,
            advice: advice,
            jsonHref: "/v1/recommendations"
        )
        if resolution?.problems.isEmpty == false {
            let html = pages.render("recommend", model)
            return .unprocessableContent(.init(headers: .init(knowledgeBaseVersion: served.version), body: .html(HTTPBody(html))))
        }
        return page("recommend", model, served: served, ifNoneMatch: input.headers.ifNoneMatch, ok: { .ok($0) }, notModified: { .notModified($0) })
    }

    func pageStylesheet(_ input: Operations.PageStylesheet.Input) async throws -> Operations.PageStylesheet.Output {
        if ETag.ifNoneMatch(input.headers.ifNoneMatch, matches: pages.stylesheetETag) {
            return .notModified(.init(headers: .init(eTag: pages.stylesheetETag)))
        }
        return .ok(.init(headers: .init(eTag: pages.stylesheetETag), body: .textCss(HTTPBody(pages.stylesheet))))
    }

    // MARK: Helpers

    /// Renders `template` with `model`; 304 when the client holds the page's ETag (a digest of
    /// the page itself, so it moves with the knowledge and with the template).
    private func page<Output>(
        _ template: String,
        _ model: some PageModel,
        served: ServedKnowledge,
        ifNoneMatch: String?,
        ok: (Components.Responses.Page) -> Output,
        notModified: (Components.Responses.NotModified) -> Output
    ) -> Output {
        let html = pages.render(template, model)
        let etag = ETag.of(html)
        if ETag.ifNoneMatch(ifNoneMatch, matches: etag) {
            return notModified(.init(headers: .init(eTag: etag, knowledgeBaseVersion: served.version)))
        }
        return ok(.init(headers: .init(eTag: etag, knowledgeBaseVersion: served.version), body: .html(HTTPBody(html))))
    }

    /// The 404 page (410 for a deleted item) with the API's "did you mean" suggestions.
    private func missingPage(
        _ served: ServedKnowledge,
        _ kind: ItemKind,
        key: String,
        known: [String]
    ) -> (HTTPResponse.Status, Components.Responses.PageNotFound) {
        let problem = missing(served, kind, key: key, known: known)
        let model = ErrorPageModel(
            title: problem.status == .gone ? "Deleted" : "Not found",
            detail: problem.detail,
            suggestions: problem.suggestions.map { .init(href: "/\(kind.plural)/\($0)", label: $0) },
            version: served.version,
            jsonHref: "/v1/\(kind.plural)"
        )
        return (problem.status, .init(headers: .init(knowledgeBaseVersion: served.version), body: .html(HTTPBody(pages.render("error", model)))))
    }
}
