import AnalgesiaKnowledge
import Foundation
import Logging
import Synchronization

/// NDJSON export and import of the whole knowledge base.
///
/// The first line is a header; every further line is one item: `{"type": "...", "item": {...}}`,
/// with `version` for the curated kinds, whose `item` is their input form. Sources, citations and
/// populations travel too, so that an export imported into an empty store reads the same.
struct KnowledgeTransfer: Sendable {
    let curation: CurationStore

    static let format = 1
    static let maxImportBytes = 16 * 1024 * 1024

    struct Result: Sendable {
        var lines: Int
        var created: Int
        var replaced: Int
        var unchanged: Int
        var knowledgeBaseVersion: String
    }

    // MARK: Export

    /// The export of one snapshot as NDJSON, produced a batch of lines at a time as the client
    /// reads: the header line, then sources, citations, populations and the four kinds in input
    /// form with their versions. The snapshot is immutable, so a long download stays consistent
    /// while curators write, and memory holds one batch, not the whole file.
    static func exportStream(_ served: ServedKnowledge, linesPerChunk: Int = 64) -> AsyncThrowingStream<ArraySlice<UInt8>, any Error> {
        let lines = exportLines(served, exportedAt: CurationStore.timestamp(Date()))
        let cursor = Mutex(0)
        return AsyncThrowingStream(unfolding: {
            let range: Range<Int> = cursor.withLock { next in
                let range = next..<min(next + linesPerChunk, lines.count)
                next = range.upperBound
                return range
            }
            guard !range.isEmpty else { return nil }
            var chunk: [UInt8] = []
            for index in range {
                chunk += try JSONValue.encoder.encode(try lines[index]())
                chunk.append(UInt8(ascii: "\n"))
            }
            return chunk[...]
        })
    }

    /// One closure per line, each rendering its line when called; the header says when the
    /// export was made unless `exportedAt` is nil (the seed, whose bytes depend on its knowledge only).
    private static func exportLines(_ served: ServedKnowledge, exportedAt: String?) -> [@Sendable () throws -> JSONValue] {
        let content = served.knowledge.content
        @Sendable func line(_ type: String, _ item: JSONValue, version: Int? = nil) -> JSONValue {
            var members: [String: JSONValue] = ["type": .string(type), "item": item]
            if let version { members["version"] = .integer(Int64(version)) }
            return .object(members)
        }
        var lines: [@Sendable () throws -> JSONValue] = [
            {
                var header: [String: JSONValue] = [
                    "type": .string("header"),
                    "format": .integer(Int64(format)),
                    "knowledgeBaseVersion": .string(served.version),
                    "semver": .string(content.semver),
                ]
                if let exportedAt { header["exportedAt"] = .string(exportedAt) }
                return .object(header)
            }
        ]
        lines += content.sources.map { source in { line("source", try JSONValue(encoding: source)) } }
        lines += content.citations.map { citation in { line("citation", try JSONValue(encoding: citation)) } }
        lines += content.populations.map { population in { line("population", try JSONValue(encoding: population)) } }
        lines += content.conditions.map { item in
            { line("condition", try CuratedItem.condition(item).inputJSON(), version: item.version) }
        }
        lines += content.mechanisms.map { item in
            { line("mechanism", try CuratedItem.mechanism(item).inputJSON(), version: item.version) }
        }
        lines += content.findings.map { item in { line("finding", try CuratedItem.finding(item).inputJSON(), version: item.version) } }
        lines += content.guidelines.map { item in
            { line("guideline", try CuratedItem.guideline(item).inputJSON(), version: item.version) }
        }
        return lines
    }

    // MARK: Import

    private enum Line: Sendable {
        case source(Source)
        case citation(Citation)
        case population(Population)
        case item(CuratedItem, version: Int?, deleted: Bool)
    }

    /// Applies every line in one transaction, or none.
    func importNDJSON(_ data: Data, principal: Principal) async throws -> Result {
        let (lines, exportedSemver) = try Self.parse(data, validator: curation.validator)
        let held = curation.store.current
        let transaction = CuratedTransaction<(Result, ServedKnowledge?)>(heldStamp: held?.stamp, idempotency: nil) { state in
            try Self.decide(lines, exportedSemver: exportedSemver, state: state, held: held, principal: principal)
        }
        let (result, served): (Result, ServedKnowledge?)
        do {
            (result, served) = try await curation.repository.perform(transaction)
        } catch PersistenceError.rowRejected(let label, let reason) {
            throw ProblemError.invalidItem([(label, "could not be stored: \(reason)")])
        }
        if let served {
            curation.store.install(served)
            curation.logger.notice(
                "Knowledge imported",
                metadata: [
                    "created": "\(result.created)", "replaced": "\(result.replaced)", "key.id": "\(principal.keyID)",
                    "kb.version": "\(served.version)",
                ]
            )
            return result
        }
        var unchangedResult = result
        unchangedResult.knowledgeBaseVersion = try curation.store.require().version
        return unchangedResult
    }

    /// The rules of an import: unchanged lines are left alone, the others written with the next
    /// version (past any tombstone's); references are checked against the state after every line.
    private static func decide(
        _ lines: [(Int, Line)],
        exportedSemver: String?,
        state: CurationState,
        held: ServedKnowledge?,
        principal: Principal
    ) throws -> CuratedTransaction<(Result, ServedKnowledge?)>.Decision {
        let before = try CurationStore.snapshot(state, held: held).knowledge.content
        let knowledge = KnowledgeBase(content: before, contentHash: "")
        let now = Date()
        var changes = CurationChanges(semver: CurationStore.nextSemver(after: state.stamp.semver, atLeast: exportedSemver), at: now)
        var created = 0
        var replaced = 0
        var unchanged = 0
        var audits: [(CuratedItem, existing: CuratedItem?)] = []
        for (number, line) in lines {
            let label = "line \(number)"
            switch line {
            case .source(let source):
                if before.sources.contains(source) {
                    unchanged += 1
                    continue
                }
                changes.append(.source(source), label: label)
                created += 1
            case .citation(let citation):
                if before.citations.contains(citation) {
                    unchanged += 1
                    continue
                }
                changes.append(.citation(citation), label: label)
                created += 1
            case .population(let population):
                if before.populations.contains(population) {
                    unchanged += 1
                    continue
                }
                changes.append(.population(population), label: label)
                created += 1
            case .item(_, _, deleted: true):
                throw ProblemError.invalidItem([(label, "is a deleted item; only the PostgreSQL seed carries those.")])
            case .item(let item, let version, deleted: false):
                let existing = knowledge.curatedItem(item.kind, item.key)
                if let existing, existing == item.withVersion(existing.version) {
                    unchanged += 1
                    continue
                }
                let previous = existing?.version ?? state.tombstoneVersion(item.kind, item.key)
                let next = previous.map { max($0 + 1, version ?? 1) } ?? (version ?? 1)
                let stored = item.withVersion(next)
                changes.append(.save(stored), label: label)
                audits.append((stored, existing))
                if existing == nil { created += 1 } else { replaced += 1 }
            }
        }
        guard created + replaced > 0 else {
            return .answer((Result(lines: lines.count + 1, created: 0, replaced: 0, unchanged: unchanged, knowledgeBaseVersion: ""), nil))
        }
        let (written, counts) = (audits, (created: created, replaced: replaced, unchanged: unchanged))
        return .write(changes) { content in
            // References are checked against the state after every line, so lines may refer forward.
            let after = KnowledgeBase(content: content, contentHash: "")
            for (item, _) in written {
                do {
                    try ReferenceValidator(knowledge: after).validate(item)
                } catch var problem as ProblemError {
                    problem.detail = "\(item.kind.rawValue) '\(item.key)': \(problem.detail)"
                    throw problem
                }
            }
            let served = ServedKnowledge(content: content)
            let entries = try written.map { item, existing in
                AuditEntry(
                    kind: item.kind,
                    key: item.key,
                    version: item.version,
                    operation: .importing,
                    keyID: principal.keyID,
                    at: now,
                    knowledgeBaseVersion: served.version,
                    before: try existing?.inputJSON(),
                    after: try item.inputJSON()
                )
            }
            let result = Result(
                lines: lines.count + 1,
                created: counts.created,
                replaced: counts.replaced,
                unchanged: counts.unchanged,
                knowledgeBaseVersion: served.version
            )
            return CurationRecords(audits: entries, answer: nil, result: (result, served))
        }
    }

    /// Parses and checks every line before anything is written; errors name the line.
    private static func parse(_ data: Data, validator: SchemaValidator) throws -> (lines: [(Int, Line)], semver: String?) {
        let decoder = JSONDecoder()
        var parsed: [(Int, Line)] = []
        var sawHeader = false
        var semver: String?
        for (index, raw) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            if raw.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: "\t") }) { continue }
            func fail(_ reason: String) -> ProblemError {
                ProblemError.invalidItem([("line \(number)", reason)])
            }
            guard let value = try? decoder.decode(JSONValue.self, from: Data(raw)), let object = value.object,
                case .string(let type)? = object["type"]
            else { throw fail("is not a JSON object with a 'type'.") }
            if !sawHeader {
                guard type == "header", object["format"] == .integer(Int64(format)) else {
                    throw fail("must be the header {\"type\":\"header\",\"format\":\(format),…} that GET /v1/export writes first.")
                }
                sawHeader = true
                if case .string(let text)? = object["semver"] { semver = text }
                continue
            }
            guard let item = object["item"] else { throw fail("has no 'item'.") }
            var version: Int?
            if case .integer(let number)? = object["version"], number >= 1, number < Int64(Int32.max) { version = Int(number) }
            do {
                switch type {
                case "source": parsed.append((number, .source(try item.decode(as: Source.self))))
                case "citation": parsed.append((number, .citation(try item.decode(as: Citation.self))))
                case "population": parsed.append((number, .population(try item.decode(as: Population.self))))
                default:
                    guard let kind = ItemKind(rawValue: type) else {
                        throw fail(
                            "has the unknown type '\(type.prefix(40))'; allowed: source, citation, population, condition, mechanism, finding, guideline."
                        )
                    }
                    let violations = validator.violations(of: item, against: kind.inputSchema)
                    if !violations.isEmpty {
                        throw ProblemError.invalidItem(violations.map { ("line \(number): \($0.field)", $0.reason) })
                    }
                    let decoded = try CuratedItem.decode(item, kind: kind, source: CurationStore.seedSourceID, version: 1)
                    parsed.append((number, .item(decoded, version: version, deleted: object["deleted"] == .bool(true))))
                }
            } catch let error as DecodingError {
                throw fail("is not a valid \(type): \(describe(error))")
            }
        }
        guard sawHeader else { throw ProblemError.invalidItem([("line 1", "the file is empty; expected the header line of GET /v1/export.")]) }
        return (parsed, semver)
    }

    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, let context):
            "'\((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))' is missing."
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            "'\(context.codingPath.map(\.stringValue).joined(separator: "."))' \(context.debugDescription)"
        @unknown default:
            "it does not decode."
        }
    }

    // MARK: Seed

    /// The seed a new PostgreSQL store starts from (Migrations/postgres/0003_pg_review_knowledge_2_0_0.ndjson):
    /// the export of the knowledge the SQLite migrations write, without the time of export, and
    /// each deleted item (a tombstone keeps its key reserved) as a line with `"deleted": true`.
    /// The knowledge is written once, in the SQLite migrations; `KnowledgeSeedTests` checks that
    /// the committed seed is this function of them.
    static func seed(_ content: KnowledgeContent, deleted: [CuratedItem]) throws -> String {
        var lines = try exportLines(ServedKnowledge(content: content), exportedAt: nil).map { try $0() }
        for item in deleted {
            lines.append(
                .object([
                    "type": .string(item.kind.rawValue), "version": .integer(Int64(item.version)), "deleted": .bool(true),
                    "item": try item.inputJSON(),
                ])
            )
        }
        return try lines.map { String(decoding: try JSONValue.encoder.encode($0), as: UTF8.self) + "\n" }.joined()
    }

    /// The rows the seed writes: every line as it is, items with the versions it gives them,
    /// deleted items as tombstones of that version, and the seed's semantic version. No audit
    /// rows: the seed is where the knowledge starts, as the SQLite migrations are.
    static func seedChanges(_ data: Data, validator: SchemaValidator) throws -> CurationChanges {
        let (lines, semver) = try parse(data, validator: validator)
        guard let semver else { throw ProblemError.invalidItem([("line 1", "the seed's header names no semver.")]) }
        var changes = CurationChanges(semver: semver, at: Date())
        for (number, line) in lines {
            let label = "seed line \(number)"
            switch line {
            case .source(let source): changes.append(.source(source), label: label)
            case .citation(let citation): changes.append(.citation(citation), label: label)
            case .population(let population): changes.append(.population(population), label: label)
            case .item(let item, let version, let deleted):
                let version = version ?? 1
                if deleted {
                    // A tombstone advances the version it deletes.
                    changes.append(.save(item.withVersion(max(version - 1, 1))), label: label)
                    changes.append(.tombstone(item.kind, key: item.key), label: label)
                } else {
                    changes.append(.save(item.withVersion(version)), label: label)
                }
            }
        }
        return changes
    }
}
