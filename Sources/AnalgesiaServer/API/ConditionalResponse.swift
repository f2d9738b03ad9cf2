import AnalgesiaAPI

/// The answer of a knowledge GET: 304 when the client holds the current ETag, else 200 with the
/// ETag and the knowledge-base version. Each generated `Output` only says how to wrap a value;
/// the conditional logic lives once in `APIHandler.conditional`.
protocol ConditionalGETOutput {
    associatedtype Value: Encodable & Sendable
    /// Witnessed by the generated `case notModified(Components.Responses.NotModified)`.
    static func notModified(_ response: Components.Responses.NotModified) -> Self
    /// The 200 answer.
    static func fresh(_ value: Value, etag: String, version: String) -> Self
}

extension APIHandler {
    /// 304 if `ifNoneMatch` matches `etag`, else the value with its ETag and version.
    static func conditional<Output: ConditionalGETOutput>(
        _ value: @autoclosure () -> Output.Value,
        etag: String,
        served: ServedKnowledge,
        ifNoneMatch: String?
    ) -> Output {
        if ETag.ifNoneMatch(ifNoneMatch, matches: etag) {
            return .notModified(.init(headers: .init(eTag: etag, knowledgeBaseVersion: served.version)))
        }
        return .fresh(value(), etag: etag, version: served.version)
    }

    /// The conditional answer for a precomputed item.
    static func conditional<Output: ConditionalGETOutput>(
        _ item: Served<Output.Value>,
        served: ServedKnowledge,
        ifNoneMatch: String?
    ) -> Output {
        conditional(item.value, etag: item.etag, served: served, ifNoneMatch: ifNoneMatch)
    }
}

// Type mapping only: how each operation wraps its 200 body.

extension Operations.GetKnowledgeBase.Output: ConditionalGETOutput {
    static func fresh(_ value: Components.Schemas.KnowledgeBase, etag: String, version: String) -> Self {
        .ok(.init(headers: .init(eTag: etag, knowledgeBaseVersion: version), body: .json(value)))
    }
}

extension Operations.ListConditions.Output: ConditionalGETOutput {
    static func fresh(_ value: Components.Schemas.ConditionPage, etag: String, version: String) -> Self {
        .ok(.init(headers: .init(eTag: etag, knowledgeBaseVersion: version), body: .json(value)))
    }
}

extension Operations.GetCondition.Output: ConditionalGETOutput {
    static func fresh(_ value: Components.Schemas.Condition, etag: String, version: String) -> Self {
        .ok(.init(headers: .init(eTag: etag, knowledgeBaseVersion: version), body: .json(value)))
    }
}

extension Operations.ListMechanisms.Output: ConditionalGETOutput {
    static func fresh(_ value: Components.Schemas.MechanismPage, etag: String, version: String) -> Self {
        .ok(.init(headers: .init(eTag: etag, knowledgeBaseVersion: version), body: .json(value)))
    }
}

extension Operations.GetMechanism.Output: ConditionalGETOutput {
    static func fresh(_ value: Components.Schemas.Mechanism, etag: String, version: String) -> Self {
        .ok(.init(headers: .init(eTag: etag, knowledgeBaseVersion: version), body: .json(value)))
    }
}

extension Operations.ListFindings.Output: ConditionalGETOutput {
    static func fresh(_ value: Components.Schemas.FindingPage, etag: String, version: String) -> Self {
        .ok(.init(headers: .init(eTag: etag, knowledgeBaseVersion: version), body: .json(value)))
    }
}

extension Operations.GetFinding.Output: ConditionalGETOutput {
    static func fresh(_ value: Components.Schemas.Finding, etag: String, version: String) -> Self {
        .ok(.init(headers: .init(eTag: etag, knowledgeBaseVersion: version), body: .json(value)))
    }
}

extension Operations.ListGuidelines.Output: ConditionalGETOutput {
    static func fresh(_ value: Components.Schemas.GuidelinePage, etag: String, version: String) -> Self {
        .ok(.init(headers: .init(eTag: etag, knowledgeBaseVersion: version), body: .json(value)))
    }
}

extension Operations.GetGuideline.Output: ConditionalGETOutput {
    static func fresh(_ value: Components.Schemas.Guideline, etag: String, version: String) -> Self {
        .ok(.init(headers: .init(eTag: etag, knowledgeBaseVersion: version), body: .json(value)))
    }
}

extension Operations.Search.Output: ConditionalGETOutput {
    static func fresh(_ value: Components.Schemas.SearchPage, etag: String, version: String) -> Self {
        .ok(.init(headers: .init(eTag: etag, knowledgeBaseVersion: version), body: .json(value)))
    }
}
