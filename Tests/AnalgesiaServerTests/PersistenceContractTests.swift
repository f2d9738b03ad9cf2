import AnalgesiaAPI
import AnalgesiaKnowledge
import Foundation
import HTTPTypes
import Logging
import PostgresNIO
import Testing

@testable import AnalgesiaServer

/// The persistence layer's contract, run against every backend available: embedded SQLite
/// always, PostgreSQL when TEST_DB_URL is set (scripts/test.sh starts one).
@Suite("Persistence contract")
struct PersistenceContractTests {
    static let principal = Principal(keyID: "key_contract01", role: .curator)

    static func curation(_ store: TestStore) async throws -> (CurationStore, KnowledgeStore) {
        let knowledge = KnowledgeStore(repository: store.persistence.knowledge, logger: quietLogger)
        try await knowledge.refresh()
        let curation = CurationStore(
            repository: store.persistence.curation,
            store: knowledge,
            validator: SchemaValidator(contract: try Contract.bundled()),
            logger: quietLogger
        )
        return (curation, knowledge)
    }

    @Test("a new store migrates to the review's knowledge, the same on every backend: version, items, versions, tombstones, ETags", arguments: TestBackend.available)
    func identicalKnowledge(_ backend: TestBackend) async throws {
        let reference = try await TestStore.make(.sqlite, migrated: true)
        let expected = ServedKnowledge(content: try await reference.persistence.knowledge.loadContent())
        let store = try await TestStore.make(backend)
        try await store.persistence.migrate()
        try await store.persistence.migrate()  // a second run changes nothing
        #expect(try await store.persistence.knowledge.isReady())
        let served = ServedKnowledge(content: try await store.persistence.knowledge.loadContent())
        #expect(served.version == expected.version)
        #expect(served.version.hasPrefix("2.0.1+"))
        #expect(served.knowledge.content.deletedKeys == expected.knowledge.content.deletedKeys)
        #expect(!served.knowledge.content.deletedKeys.isEmpty)
        #expect(served.conditions.mapValues(\.etag) == expected.conditions.mapValues(\.etag))
        #expect(served.mechanisms.mapValues(\.etag) == expected.mechanisms.mapValues(\.etag))
        #expect(served.findings.mapValues(\.etag) == expected.findings.mapValues(\.etag))
        #expect(served.guidelines.mapValues(\.etag) == expected.guidelines.mapValues(\.etag))
        // The summary also carries the backend's own change counter (revision), which is not knowledge.
        #expect(served.knowledgeBase.value.version == expected.knowledgeBase.value.version)
        #expect(served.knowledgeBase.value.contentHash == expected.knowledgeBase.value.contentHash)
        #expect(served.knowledgeBase.value.counts == expected.knowledgeBase.value.counts)
    }

    @Test("search: the same queries give the same top results on every backend, with <mark> snippets and the kind filter", arguments: TestBackend.available)
    func searchAgrees(_ backend: TestBackend) async throws {
        let reference = try await TestStore.make(.sqlite, migrated: true)
        let store = try await TestStore.make(backend, migrated: true)
        let queries = [
            "isometric fibromyalgia", "whiplash", "serotonergic", "aerobic exercise", "chronic fatigue", "shoulder myalgia",
            "opioid", "flare", "osteoarth", "catastrophizing",
        ]
        for text in queries {
            for kind in [nil, ItemKind.finding] {
                let query = SearchQuery(words: SearchQuery.words(in: text), kind: kind, offset: 0, limit: 5)
                let expected = try await reference.persistence.knowledge.search(query)
                let actual = try await store.persistence.knowledge.search(query)
                #expect(!actual.hits.isEmpty, "\(text): no hits")
                // The same top results: each backend's first hit is among the other's first three,
                // and their first three share at least two (or all, when there are fewer). The
                // order within can differ: FTS5's bm25 weighs rare words up, PostgreSQL's ts_rank
                // has no inverse document frequency (on these queries the first hits agree in 9 of 10).
                let label = "\(text) (\(kind?.rawValue ?? "all")): \(actual.hits.map(\.id)) vs \(expected.hits.map(\.id))"
                #expect(expected.hits.prefix(3).map(\.id).contains(actual.hits.first?.id ?? "-"), "\(label)")
                #expect(actual.hits.prefix(3).map(\.id).contains(expected.hits.first?.id ?? "-"), "\(label)")
                let shared = Set(actual.hits.prefix(3).map(\.id)).intersection(expected.hits.prefix(3).map(\.id)).count
                #expect(shared >= min(2, expected.hits.count), "\(label)")
                for hit in actual.hits {
                    #expect(hit.snippet.contains("<mark>") || hit.title.lowercased().contains(query.words[0].prefix(4)), "\(hit.id): \(hit.snippet)")
                    if let kind { #expect(hit.kind == kind) }
                }
            }
        }
        let none = try await store.persistence.knowledge.search(SearchQuery(words: ["zzqxv"], kind: nil, offset: 0, limit: 5))
        #expect(none.hits.isEmpty)
    }

    @Test("a curated write: create, stale If-Match refused, idempotent replay, tombstone, history; a refused write changes nothing", arguments: TestBackend.available)
    func curatedWrites(_ backend: TestBackend) async throws {
        let store = try await TestStore.make(backend, migrated: true)
        let (curation, knowledge) = try await Self.curation(store)
        let before = try knowledge.require()
        let body = try JSONValue(encoding:
            [
                "slug": "contract-mechanism", "name": "Contract", "summary": "For the contract test.", "verdict": "hypothesized",
                "verdictRationale": "Nothing tested it.", "locator": "biology/p6", "basis": "hypothesis",
            ]
        )
        let create = WriteRequest(
            kind: .mechanism, key: "contract-mechanism", operation: .create, body: body, ifMatch: nil, idempotencyKey: "contract-1",
            principal: Self.principal
        )
        let created = try await curation.write(create)
        #expect(created.replay == nil)
        #expect(created.served.mechanisms["contract-mechanism"] != nil)
        #expect(created.served.stamp != before.stamp)
        // The same Idempotency-Key answers the first result and writes nothing.
        let replayed = try await curation.write(create)
        #expect(replayed.replay?.etag == created.etag)
        // Another body with the same key is refused.
        var other = create
        other.body = try JSONValue(encoding: ["slug": "contract-mechanism", "name": "Other"])
        await #expect(throws: ProblemError.self) { try await curation.write(other) }

        let stale = WriteRequest(
            kind: .mechanism, key: "contract-mechanism", operation: .patch, body: try JSONValue(encoding: ["verdict": "unclear"]),
            ifMatch: "\"1-000000000000000000000000\"", idempotencyKey: nil, principal: Self.principal
        )
        let refused = await #expect(throws: ProblemError.self) { try await curation.write(stale) }
        #expect(refused?.status == .preconditionFailed)

        let delete = WriteRequest(
            kind: .mechanism, key: "contract-mechanism", operation: .delete, body: nil, ifMatch: created.etag, idempotencyKey: nil,
            principal: Self.principal
        )
        let deleted = try await curation.write(delete)
        #expect(deleted.served.isDeleted(.mechanism, "contract-mechanism"))
        let history = try #require(try await store.persistence.curation.history(.mechanism, "contract-mechanism"))
        #expect(history.deleted)
        #expect(history.entries.map(\.operation) == ["delete", "create"])
        #expect(history.entries.map(\.version) == [2, 1])
        #expect(try await store.persistence.curation.history(ItemKind.mechanism, "no-such-mechanism") == nil)
        // The stored state is what was served after the last write.
        let reloaded = ServedKnowledge(content: try await store.persistence.knowledge.loadContent())
        #expect(reloaded.version == deleted.served.version)
        #expect(try await store.integer("SELECT count(*) FROM audit_log") == 2)
    }

    @Test("API keys: stored as digests, listed, revoked; feedback stored and counted", arguments: TestBackend.available)
    func keysAndFeedback(_ backend: TestBackend) async throws {
        let store = try await TestStore.make(backend, migrated: true)
        let keys = APIKeyStore(repository: store.persistence.keys, verificationLifetime: .zero)
        let (record, token) = try await keys.create(name: "contract", role: .admin)
        #expect(try await keys.authenticate(token) == Principal(keyID: record.id, role: .admin))
        #expect(try await keys.authenticate(token + "x") == nil)
        #expect(try await keys.list().map(\.id) == [record.id])
        #expect(try await keys.revoke(id: record.id))
        #expect(try await keys.revoke(id: "key_nosuchkey") == false)
        #expect(try await keys.authenticate(token) == nil)
        #expect(try await keys.list().first?.revokedAt != nil)

        let entry = CDSFeedbackEntry(
            serviceID: "exercise-analgesia-patient-view", cardUUID: "card-1", outcome: "overridden", acceptedSuggestions: [],
            overrideReasonSystem: nil, overrideReasonCode: nil, overrideReasonDisplay: nil, userComment: "Prefers aquatic therapy.",
            outcomeTimestamp: "2026-11-24T10:15:00Z"
        )
        #expect(try await store.persistence.feedback.store([entry, entry], receivedAt: Date()) == 2)
        #expect(try await store.persistence.feedback.count(card: "card-1") == 2)
        #expect(try await store.persistence.feedback.count(card: "card-2") == 0)
    }

    @Test("a database migrated by a newer build is refused at start, while a running older build stays ready", arguments: TestBackend.available)
    func newerBuildRefused(_ backend: TestBackend) async throws {
        let store = try await TestStore.make(backend, migrated: true)
        let table = backend == .sqlite ? "grdb_migrations" : "schema_migrations"
        try await store.execute("INSERT INTO \(table) (identifier) VALUES ('9999_future')")
        #expect(try await store.persistence.knowledge.isReady(), "a rolling upgrade must not take the old replicas out of the balancer")
        await #expect(throws: DatabaseTooNewError.self) { try await store.persistence.migrate() }
    }

    @Test("an unreachable PostgreSQL is named within the deadline, without its password, instead of after the pool gives up")
    func unreachablePostgresNamed() async throws {
        // Port 1 on loopback: nothing listens there, so every connection is refused.
        let socket = 1
        let url = try PostgresURL("postgres://analgesia:hunter2secret@127.0.0.1:\(socket)/kb?sslmode=disable")
        let database = try PostgresBackend(url: url, poolSize: 2, connectTimeout: .seconds(1), deadline: .seconds(1), logger: quietLogger)
        let pool = Task { await database.client.run() }
        defer { pool.cancel() }
        let persistence = try Persistence.postgres(database, seed: testSeed)
        do {
            try await persistence.migrate()
            Issue.record("migrating against a closed port must fail")
        } catch let error as PersistenceError {
            let text = "\(error)"
            #expect(text.contains("127.0.0.1:\(socket)/kb") && text.contains("db.timeoutSeconds"), "\(text)")
            #expect(!text.contains("hunter2secret"))
        }
    }
}
