import AnalgesiaAPI
import AnalgesiaKnowledge
import Foundation

/// One page of a list answer, with its links and entity tag.
struct ListAnswer<Value> {
    var data: [Value]
    var page: Components.Schemas.PageInfo
    var links: Components.Schemas.PageLinks
    var etag: String
}

extension APIHandler {
    /// Pages `items` (filtered, in list order) and derives links and an ETag from the snapshot
    /// version and the canonical query, so equal questions to equal knowledge get equal tags.
    func answer<Item, Value>(
        _ served: ServedKnowledge, operation: String, path: String, query: [(String, String?)],
        items: [Item], cursor: String?, limit: Int?, sortKey: (Item) -> String, represent: (Item) -> Value?
    ) throws -> ListAnswer<Value> {
        let limit = limit ?? Self.defaultLimit
        let page = try Page.slice(items, list: operation, cursor: cursor, limit: limit, sortKey: sortKey)
        let links = LinkBuilder(path: path, query: query + [("limit", String(limit))])
        return ListAnswer(
            data: page.items.compactMap(represent),
            page: .init(limit: limit, nextCursor: page.nextCursor),
            links: .init(_self: links.link(cursor: cursor), next: page.nextCursor.map { links.link(cursor: $0) }),
            etag: ETag.of(parts: [served.version, operation, links.link(cursor: cursor)]))
    }

    /// The condition a `condition` filter names; 400 with suggestions when unknown.
    func conditionFilter(_ slug: String?, in served: ServedKnowledge) throws -> Condition? {
        guard let slug else { return nil }
        guard let condition = served.knowledge.condition(slug) else {
            throw Self.unknownReference("condition", kind: "condition", value: slug, known: served.knowledge.conditions.map(\.slug))
        }
        return condition
    }

    // MARK: Conditions

    func listConditions(_ input: Operations.ListConditions.Input) async throws -> Operations.ListConditions.Output {
        let served = try store.require()
        var conditions = served.knowledge.conditions
        if let token = input.query.code {
            let (system, code) = try Self.parseCodedToken(token, parameter: "code", location: .query)
            conditions = served.knowledge.conditions(matching: system, code: code)
        }
        let answer = try answer(
            served, operation: "listConditions", path: "/v1/conditions", query: [("code", input.query.code)],
            items: conditions, cursor: input.query.cursor, limit: input.query.limit, sortKey: \.slug,
            represent: { served.conditions[$0.slug]?.value })
        if ETag.ifNoneMatch(input.headers.ifNoneMatch, matches: answer.etag) {
            return .notModified(Self.notModified(served, etag: answer.etag))
        }
        return .ok(
            .init(
                headers: .init(eTag: answer.etag, knowledgeBaseVersion: served.version),
                body: .json(.init(data: answer.data, page: answer.page, links: answer.links))))
    }

    func getCondition(_ input: Operations.GetCondition.Input) async throws -> Operations.GetCondition.Output {
        let served = try store.require()
        guard let item = served.conditions[input.path.slug] else {
            throw notFound(kind: "condition", key: input.path.slug, known: served.knowledge.conditions.map(\.slug))
        }
        if ETag.ifNoneMatch(input.headers.ifNoneMatch, matches: item.etag) {
            return .notModified(Self.notModified(served, etag: item.etag))
        }
        return .ok(.init(headers: .init(eTag: item.etag, knowledgeBaseVersion: served.version), body: .json(item.value)))
    }

    /// Parses `system|code`; 400 naming the parameter and the allowed systems otherwise.
    static func parseCodedToken(
        _ token: String, parameter: String, location: Components.Schemas.InvalidParam.InPayload
    ) throws -> (CodeSystem, String) {
        let parts = token.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)
        let systems = CodeSystem.allCases.map(\.rawValue)
        guard parts.count == 2, !parts[1].trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ProblemError.invalidParameter(
                parameter, in: location, reason: "must be a coded token 'system|code', for example 'http://hl7.org/fhir/sid/icd-10-cm|M79.7'.",
                allowed: systems)
        }
        guard let system = CodeSystem(rawValue: String(parts[0])) else {
            throw ProblemError.invalidParameter(
                parameter, in: location,
                reason: "uses the unknown code system '\(parts[0].prefix(100))'; allowed: \(systems.joined(separator: ", ")).",
                allowed: systems)
        }
        return (system, String(parts[1]))
    }

    func notFound(kind: String, key: String, known: [String]) -> ProblemError {
        let suggestions = KnowledgeBase.closest(to: key, among: known)
        let hint = suggestions.isEmpty ? "" : " Did you mean \(suggestions.joined(separator: ", "))?"
        return .notFound("No \(kind) has the \(kind == "finding" ? "id" : "slug") '\(key)'.\(hint)", suggestions: suggestions)
    }

    // MARK: Mechanisms

    func listMechanisms(_ input: Operations.ListMechanisms.Input) async throws -> Operations.ListMechanisms.Output {
        let served = try store.require()
        let verdict = input.query.verdict?.rawValue
        let mechanisms = served.knowledge.mechanisms.filter { verdict == nil || $0.verdict.rawValue == verdict }
        let answer = try answer(
            served, operation: "listMechanisms", path: "/v1/mechanisms", query: [("verdict", verdict)],
            items: mechanisms, cursor: input.query.cursor, limit: input.query.limit, sortKey: \.slug,
            represent: { served.mechanisms[$0.slug]?.value })
        if ETag.ifNoneMatch(input.headers.ifNoneMatch, matches: answer.etag) {
            return .notModified(Self.notModified(served, etag: answer.etag))
        }
        return .ok(
            .init(
                headers: .init(eTag: answer.etag, knowledgeBaseVersion: served.version),
                body: .json(.init(data: answer.data, page: answer.page, links: answer.links))))
    }

    func getMechanism(_ input: Operations.GetMechanism.Input) async throws -> Operations.GetMechanism.Output {
        let served = try store.require()
        guard let item = served.mechanisms[input.path.slug] else {
            throw notFound(kind: "mechanism", key: input.path.slug, known: served.knowledge.mechanisms.map(\.slug))
        }
        if ETag.ifNoneMatch(input.headers.ifNoneMatch, matches: item.etag) {
            return .notModified(Self.notModified(served, etag: item.etag))
        }
        return .ok(.init(headers: .init(eTag: item.etag, knowledgeBaseVersion: served.version), body: .json(item.value)))
    }

    // MARK: Findings

    func listFindings(_ input: Operations.ListFindings.Input) async throws -> Operations.ListFindings.Output {
        let served = try store.require()
        let query = input.query
        let knowledge = served.knowledge
        let condition = try conditionFilter(query.condition, in: served)
        if let slug = query.mechanism, knowledge.mechanism(slug) == nil {
            throw Self.unknownReference("mechanism", kind: "mechanism", value: slug, known: knowledge.mechanisms.map(\.slug))
        }
        let forCondition = condition.map { Set(knowledge.findingIDs(forCondition: $0.slug)) }
        let forMechanism = query.mechanism.map { Set(knowledge.findingLinks(forMechanism: $0).map(\.findingID)) }
        let findings = knowledge.findings.filter { finding in
            (forCondition?.contains(finding.id) ?? true)
                && (forMechanism?.contains(finding.id) ?? true)
                && (query.exerciseType.map { finding.exercise.type?.rawValue == $0.rawValue } ?? true)
                && (query.response.map { response in finding.results.contains { $0.response?.rawValue == response.rawValue } } ?? true)
                && (query.evidenceStatus.map { finding.evidenceStatus.rawValue == $0.rawValue } ?? true)
        }
        let answer = try answer(
            served, operation: "listFindings", path: "/v1/findings",
            query: [
                ("condition", query.condition), ("exerciseType", query.exerciseType?.rawValue),
                ("response", query.response?.rawValue), ("mechanism", query.mechanism),
                ("evidenceStatus", query.evidenceStatus?.rawValue),
            ],
            items: findings, cursor: query.cursor, limit: query.limit, sortKey: \.id,
            represent: { served.findings[$0.id]?.value })
        if ETag.ifNoneMatch(input.headers.ifNoneMatch, matches: answer.etag) {
            return .notModified(Self.notModified(served, etag: answer.etag))
        }
        return .ok(
            .init(
                headers: .init(eTag: answer.etag, knowledgeBaseVersion: served.version),
                body: .json(.init(data: answer.data, page: answer.page, links: answer.links))))
    }

    func getFinding(_ input: Operations.GetFinding.Input) async throws -> Operations.GetFinding.Output {
        let served = try store.require()
        guard let item = served.findings[input.path.id] else {
            throw notFound(kind: "finding", key: input.path.id, known: served.knowledge.findings.map(\.id))
        }
        if ETag.ifNoneMatch(input.headers.ifNoneMatch, matches: item.etag) {
            return .notModified(Self.notModified(served, etag: item.etag))
        }
        return .ok(.init(headers: .init(eTag: item.etag, knowledgeBaseVersion: served.version), body: .json(item.value)))
    }

    // MARK: Guidelines

    func listGuidelines(_ input: Operations.ListGuidelines.Input) async throws -> Operations.ListGuidelines.Output {
        let served = try store.require()
        let condition = try conditionFilter(input.query.condition, in: served)
        let kind = input.query.kind?.rawValue
        let guidelines = served.knowledge.guidelines.filter { guideline in
            (condition.map { guideline.conditionSlugs.contains($0.slug) } ?? true)
                && (kind.map { guideline.kind.rawValue == $0 } ?? true)
        }
        let answer = try answer(
            served, operation: "listGuidelines", path: "/v1/guidelines",
            query: [("condition", input.query.condition), ("kind", kind)],
            items: guidelines, cursor: input.query.cursor, limit: input.query.limit, sortKey: Self.guidelineSortKey,
            represent: { served.guidelines[$0.slug]?.value })
        if ETag.ifNoneMatch(input.headers.ifNoneMatch, matches: answer.etag) {
            return .notModified(Self.notModified(served, etag: answer.etag))
        }
        return .ok(
            .init(
                headers: .init(eTag: answer.etag, knowledgeBaseVersion: served.version),
                body: .json(.init(data: answer.data, page: answer.page, links: answer.links))))
    }

    /// Sorts like `KnowledgeBase.guidelineOrder`, as a string for cursors.
    static func guidelineSortKey(_ guideline: Guideline) -> String {
        switch (guideline.kind, guideline.origin) {
        case (.practice, .table1): "0-" + String(format: "%02d", guideline.tablePosition ?? 0) + "-" + guideline.slug
        case (.practice, .text): "1-00-" + guideline.slug
        case (.researchHypothesis, _): "2-00-" + guideline.slug
        }
    }

    func getGuideline(_ input: Operations.GetGuideline.Input) async throws -> Operations.GetGuideline.Output {
        let served = try store.require()
        guard let item = served.guidelines[input.path.slug] else {
            throw notFound(kind: "guideline", key: input.path.slug, known: served.knowledge.guidelines.map(\.slug))
        }
        if ETag.ifNoneMatch(input.headers.ifNoneMatch, matches: item.etag) {
            return .notModified(Self.notModified(served, etag: item.etag))
        }
        return .ok(.init(headers: .init(eTag: item.etag, knowledgeBaseVersion: served.version), body: .json(item.value)))
    }

    // MARK: Search

    func search(_ input: Operations.Search.Input) async throws -> Operations.Search.Output {
        let words = SearchQuery.words(in: input.query.q)
        guard !words.isEmpty else {
            throw ProblemError.invalidParameter("q", in: .query, reason: "must contain at least one letter or digit.")
        }
        let limit = input.query.limit ?? Self.defaultLimit
        let list = "search"
        let offset = try input.query.cursor.map { cursor -> Int in
            guard let offset = Int(try Cursor.decode(cursor, list: list)), offset > 0 else { throw Cursor.invalid }
            return offset
        } ?? 0
        let kind = input.query.kind.map { wire($0, as: ItemKind.self) }
        let results = try await repository.search(SearchQuery(words: words, kind: kind, offset: offset, limit: limit))
        let served = try await store.snapshot(for: results.stamp)
        let links = LinkBuilder(path: "/v1/search", query: [("q", input.query.q), ("kind", kind?.rawValue), ("limit", String(limit))])
        let nextCursor = results.hasMore ? Cursor.encode(list: list, key: String(offset + limit)) : nil
        let etag = ETag.of(parts: [served.version, list, links.link(cursor: input.query.cursor)])
        if ETag.ifNoneMatch(input.headers.ifNoneMatch, matches: etag) {
            return .notModified(Self.notModified(served, etag: etag))
        }
        let hits = results.hits.map { hit in
            Components.Schemas.SearchHit(
                kind: wire(hit.kind), id: hit.id, title: hit.title, snippet: hit.snippet,
                score: (hit.score * 1000).rounded() / 1000,
                links: .init(_self: "/v1/\(hit.kind.rawValue)s/\(hit.id)"))
        }
        return .ok(
            .init(
                headers: .init(eTag: etag, knowledgeBaseVersion: served.version),
                body: .json(
                    .init(
                        query: input.query.q, data: hits, page: .init(limit: limit, nextCursor: nextCursor),
                        links: .init(_self: links.link(cursor: input.query.cursor), next: nextCursor.map { links.link(cursor: $0) })))))
    }
}
