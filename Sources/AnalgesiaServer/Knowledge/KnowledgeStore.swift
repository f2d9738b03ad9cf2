import AnalgesiaAPI
import AnalgesiaKnowledge
import Crypto
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// A knowledge snapshot together with every item's representation and (lazily) its ETag.
struct ServedKnowledge: Sendable {
    let knowledge: KnowledgeBase
    let stamp: KnowledgeStamp
    let conditions: [String: Served<Components.Schemas.Condition>]
    let mechanisms: [String: Served<Components.Schemas.Mechanism>]
    let findings: [String: Served<Components.Schemas.Finding>]
    let guidelines: [String: Served<Components.Schemas.Guideline>]
    let knowledgeBase: Served<Components.Schemas.KnowledgeBase>
    /// The rules engine over this snapshot, built once per knowledge-base version.
    let engine: RecommendationEngine
    /// The engine's answers per normalised profile, for this snapshot only (`advise(_:)`).
    let memo: AdviceMemo
    /// Writes recommendation answers from parts encoded once for this snapshot.
    let renderer = AdviceRenderer()

    /// The value of the Knowledge-Base-Version header.
    var version: String { knowledge.version }

    init(content: KnowledgeContent) {
        let knowledge = KnowledgeBase(content: content, contentHash: ContentHash.of(content))
        let representations = Representations(knowledge: knowledge)
        self.knowledge = knowledge
        engine = RecommendationEngine(knowledge: knowledge)
        memo = AdviceMemo(engine: engine)
        stamp = KnowledgeStamp(semver: content.semver, revision: content.revision)
        conditions = Self.serve(knowledge.conditions, key: \.slug, version: \.version, representations.condition)
        mechanisms = Self.serve(knowledge.mechanisms, key: \.slug, version: \.version, representations.mechanism)
        findings = Self.serve(knowledge.findings, key: \.id, version: \.version, representations.finding)
        guidelines = Self.serve(knowledge.guidelines, key: \.slug, version: \.version, representations.guideline)
        let summary = representations.knowledgeBase()
        knowledgeBase = Served(value: summary, version: nil)
    }

    private static func serve<Item, Value: Encodable & Sendable>(
        _ items: [Item],
        key: KeyPath<Item, String>,
        version: KeyPath<Item, Int>,
        _ represent: (Item) -> Value
    ) -> [String: Served<Value>] {
        var served: [String: Served<Value>] = [:]
        for item in items {
            served[item[keyPath: key]] = Served(value: represent(item), version: item[keyPath: version])
        }
        return served
    }

    /// The advice for a patient profile: the engine's answer, computed once per distinct
    /// profile of this knowledge version (`AdviceMemo`).
    func advise(_ profile: PatientProfile) -> Advice {
        memo.advise(profile)
    }

    /// Whether the item of `kind` with `key` was deleted.
    func isDeleted(_ kind: ItemKind, _ key: String) -> Bool {
        knowledge.content.deletedKeys.contains("\(kind.rawValue)/\(key)")
    }

    /// The current ETag of a live item.
    func etag(of kind: ItemKind, _ key: String) -> String? {
        switch kind {
        case .condition: conditions[key]?.etag
        case .mechanism: mechanisms[key]?.etag
        case .finding: findings[key]?.etag
        case .guideline: guidelines[key]?.etag
        }
    }

    /// The API representation of a live item as JSON.
    func representationJSON(of kind: ItemKind, _ key: String) throws -> JSONValue? {
        switch kind {
        case .condition: try conditions[key].map { try JSONValue(encoding: $0.value) }
        case .mechanism: try mechanisms[key].map { try JSONValue(encoding: $0.value) }
        case .finding: try findings[key].map { try JSONValue(encoding: $0.value) }
        case .guideline: try guidelines[key].map { try JSONValue(encoding: $0.value) }
        }
    }
}

/// Strong entity tags and content hashes, over canonical (sorted-key) JSON.
enum ETag {
    static func canonicalJSON(_ value: some Encodable) -> Data {
        APIJSON.encode(value)
    }

    /// A quoted strong ETag from the first 16 bytes of the SHA-256 of the value's canonical JSON.
    static func of(_ value: some Encodable) -> String {
        quoted(SHA256.hash(data: canonicalJSON(value)))
    }

    /// An item's strong ETag: its version, then a digest of its representation (which also
    /// changes when items linking to it change), e.g. `"3-9f2c…"`.
    static func of(_ value: some Encodable, version: Int) -> String {
        let digest = SHA256.hash(data: canonicalJSON(value)).prefix(12).map { String(format: "%02x", $0) }.joined()
        return "\"\(version)-\(digest)\""
    }

    /// RFC 9110 If-Match with strong comparison: `*` (any current item) or a listed tag equal to `etag`.
    static func ifMatch(_ header: String?, matches etag: String) -> Bool {
        guard let header else { return false }
        if header.trimmingCharacters(in: .whitespaces) == "*" { return true }
        return header.split(separator: ",").contains { $0.trimmingCharacters(in: .whitespaces) == etag }
    }

    /// A quoted strong ETag for a derived answer (a list page, a search) from its inputs.
    static func of(parts: [String]) -> String {
        quoted(SHA256.hash(data: Data(parts.joined(separator: "\u{1F}").utf8)))
    }

    private static func quoted(_ digest: SHA256.Digest) -> String {
        "\"" + digest.prefix(16).map { String(format: "%02x", $0) }.joined() + "\""
    }

    /// RFC 9110 If-None-Match with weak comparison: `*` or any listed tag equal to `etag`.
    static func ifNoneMatch(_ header: String?, matches etag: String) -> Bool {
        guard let header else { return false }
        if header.trimmingCharacters(in: .whitespaces) == "*" { return true }
        let opaque = etag.hasPrefix("W/") ? String(etag.dropFirst(2)) : etag
        return header.split(separator: ",").contains { candidate in
            var tag = candidate.trimmingCharacters(in: .whitespaces)
            if tag.hasPrefix("W/") { tag.removeFirst(2) }
            return tag == opaque
        }
    }
}

/// The content hash: SHA-256 over the canonical JSON of every item (not the revision counter).
enum ContentHash {
    private struct Hashed: Encodable {
        var sources: [Source]
        var citations: [Citation]
        var populations: [Population]
        var conditions: [Condition]
        var mechanisms: [Mechanism]
        var findings: [Finding]
        var guidelines: [Guideline]
    }

    static func of(_ content: KnowledgeContent) -> String {
        let hashed = Hashed(
            sources: content.sources,
            citations: content.citations,
            populations: content.populations,
            conditions: content.conditions,
            mechanisms: content.mechanisms,
            findings: content.findings,
            guidelines: content.guidelines
        )
        return SHA256.hash(data: ETag.canonicalJSON(hashed)).map { String(format: "%02x", $0) }.joined()
    }
}

/// Holds the current snapshot and swaps it atomically when the stored knowledge changes.
/// Reads never touch the database; SQLite stays the source of truth.
final class KnowledgeStore: Sendable {
    private let state = Mutex<ServedKnowledge?>(nil)
    private let repository: any KnowledgeRepository
    private let logger: Logger

    init(repository: any KnowledgeRepository, logger: Logger) {
        self.repository = repository
        self.logger = logger
    }

    /// The snapshot, or nil before the first load.
    var current: ServedKnowledge? { state.withLock { $0 } }

    /// The snapshot, or a 503 problem before the first load.
    func require() throws -> ServedKnowledge {
        guard let current else { throw ProblemError.notReady("The knowledge base is still loading.") }
        return current
    }

    /// Installs a snapshot built by a write that has committed (unless a newer one is in place).
    func install(_ fresh: ServedKnowledge) {
        state.withLock { current in
            if let existing = current, existing.stamp.revision > fresh.stamp.revision { return }
            current = fresh
        }
    }

    /// Reloads when the store's stamp differs from the snapshot's; returns the snapshot in use.
    @discardableResult
    func refresh() async throws -> ServedKnowledge {
        let stamp = try await repository.stamp()
        if let current, current.stamp == stamp { return current }
        let content = try await repository.loadContent()
        let fresh = ServedKnowledge(content: content)
        let installed = state.withLock { current -> ServedKnowledge in
            // Never go back to an older revision if two refreshes race.
            if let existing = current, existing.stamp.revision > fresh.stamp.revision { return existing }
            current = fresh
            return fresh
        }
        if installed.stamp == fresh.stamp {
            logger.info(
                "Knowledge loaded",
                metadata: ["kb.version": "\(fresh.version)", "kb.revision": "\(fresh.stamp.revision)"]
            )
        }
        return installed
    }

    /// The snapshot for a stamp read elsewhere (a search), reloading if the store moved on.
    func snapshot(for stamp: KnowledgeStamp) async throws -> ServedKnowledge {
        if let current, current.stamp == stamp { return current }
        return try await refresh()
    }
}

/// Polls the store's stamp and swaps the snapshot when it moves, so that changes made by any
/// writer (a curator, a migration, an operator's sqlite3 shell) reach readers within one interval.
struct KnowledgeRefreshService: Service {
    let store: KnowledgeStore
    let interval: Duration
    let logger: Logger

    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                while !Task.isCancelled {
                    try await Task.sleep(for: interval)
                    do {
                        try await store.refresh()
                    } catch {
                        logger.warning("Knowledge refresh failed", metadata: ["error": "\(error)"])
                    }
                }
            }
        } catch is CancellationError {
            // Graceful shutdown: stop polling.
        }
    }
}
