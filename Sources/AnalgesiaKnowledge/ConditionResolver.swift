import Foundation

/// A patient's condition as named by a client (a slug or a coded token), resolved.
public struct ResolvedCondition: Sendable, Hashable {
    public enum MatchedBy: String, Sendable, Hashable {
        case slug
        case code
    }

    /// What the client sent.
    public var input: String
    public var condition: Condition
    public var matchedBy: MatchedBy
    /// `exact` for a slug; for a code, the stored code's scope.
    public var scope: CodeScope
    /// What the clinician must confirm when the code is broader than the population studied.
    public var caveat: String?

    public init(input: String, condition: Condition, matchedBy: MatchedBy, scope: CodeScope, caveat: String?) {
        self.input = input
        self.condition = condition
        self.matchedBy = matchedBy
        self.scope = scope
        self.caveat = caveat
    }

    /// The caveat named by its condition and the input it came from ("Name (system|code): …"), as
    /// pages, cards and order notes show it.
    public var namedCaveat: String? {
        caveat.map { "\(condition.name) (\(input)): \($0)" }
    }
}

/// Why one entry of a patient's conditions could not be resolved.
public struct ResolutionProblem: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// Not `system|code` with a code (a client error in the request's form).
        case malformedToken
        /// A code system this service does not read.
        case unknownSystem
        /// A name that is no slug, synonym or covered code.
        case unknown
        /// A code the service covers only in part, refused with a reason.
        case refused
    }

    public var index: Int
    public var kind: Kind
    public var reason: String
}

/// The outcome of resolving a patient's condition list.
public struct ConditionResolution: Sendable, Hashable {
    /// Each covered condition once, in the order first named.
    public var conditions: [ResolvedCondition]
    public var problems: [ResolutionProblem]
    /// Close slugs for the unknown names ("did you mean").
    public var suggestions: [String]
}

extension KnowledgeBase {
    /// Resolves each entry: a condition slug, or a coded token `system|code` in a code system the
    /// service reads (ICD codes match by prefix; the most specific stored code decides). Every entry that cannot be resolved
    /// is reported, with close slugs for names that look like one (a synonym such as "CFS"
    /// suggests its condition first).
    public func resolve(_ inputs: [String]) -> ConditionResolution {
        var resolved: [ResolvedCondition] = []
        var problems: [ResolutionProblem] = []
        var suggestions: [String] = []
        for (index, raw) in inputs.enumerated() {
            let input = Self.trimmingSpaces(raw)
            if Self.containsBar(input) {
                let parts = input.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)
                guard parts.count == 2, !parts[1].trimmingCharacters(in: .whitespaces).isEmpty else {
                    problems.append(.init(index: index, kind: .malformedToken, reason: "must be a coded token 'system|code'."))
                    continue
                }
                guard let system = CodeSystem(rawValue: String(parts[0])) else {
                    problems.append(
                        .init(index: index, kind: .unknownSystem, reason: "uses the unknown code system '\(parts[0].prefix(100))'.")
                    )
                    continue
                }
                let code = String(parts[1])
                switch lookUp(system: system, code: code) {
                case .unknown:
                    problems.append(
                        .init(
                            index: index,
                            kind: .unknown,
                            reason: "code '\(code.prefix(40))' in \(system.rawValue) maps to no condition this service covers."
                        )
                    )
                case .refused(let condition, _, let reason):
                    problems.append(
                        .init(
                            index: index,
                            kind: .refused,
                            reason:
                                "code '\(code.prefix(40))' in \(system.rawValue) is refused: it falls under \(condition.name), but \(reason)"
                        )
                    )
                case .covered(let condition, let row):
                    resolved.append(
                        ResolvedCondition(input: input, condition: condition, matchedBy: .code, scope: row.scope, caveat: row.caveat)
                    )
                }
            } else if let condition = condition(input) {
                resolved.append(ResolvedCondition(input: input, condition: condition, matchedBy: .slug, scope: .exact, caveat: nil))
            } else {
                let bySynonym = conditions.filter { condition in
                    condition.synonyms.contains { $0.caseInsensitiveCompare(input) == .orderedSame }
                        || condition.name.caseInsensitiveCompare(input) == .orderedSame
                }.map(\.slug)
                let close = bySynonym + Self.closest(to: input, among: conditions.map(\.slug)).filter { !bySynonym.contains($0) }
                suggestions += close.filter { !suggestions.contains($0) }
                let hint = close.isEmpty ? "" : " Did you mean \(close.prefix(3).map { "'\($0)'" }.joined(separator: ", "))?"
                problems.append(
                    .init(index: index, kind: .unknown, reason: "'\(input.prefix(60))' is not a known condition slug or coded token.\(hint)")
                )
            }
        }
        var seen = Set<String>()
        // A condition named twice keeps its first entry, unless a later one names it exactly.
        var byCondition: [String: ResolvedCondition] = [:]
        for entry in resolved {
            if let first = byCondition[entry.condition.slug], first.scope == .exact || entry.scope != .exact { continue }
            byCondition[entry.condition.slug] = entry
        }
        let ordered = resolved.filter { seen.insert($0.condition.slug).inserted }.compactMap { byCondition[$0.condition.slug] }
        return ConditionResolution(conditions: ordered, problems: problems, suggestions: Array(suggestions.prefix(5)))
    }

    /// `text.trimmingCharacters(in: .whitespaces)`. A text that starts and ends with a printable
    /// ASCII byte other than the space has nothing to trim (the space and the tab are the only
    /// ASCII members of `.whitespaces`) and is returned as it is, without Foundation's scan, which
    /// was about half of resolving a profile's conditions (bench/README.md).
    static func trimmingSpaces(_ text: String) -> String {
        let printable = UInt8(ascii: "!")...UInt8(ascii: "~")
        if let first = text.utf8.first, let last = text.utf8.last, printable.contains(first), printable.contains(last) {
            return text
        }
        return text.trimmingCharacters(in: .whitespaces)
    }

    /// Whether `text` holds the `|` of a coded token. An ASCII text is scanned byte by byte (each
    /// byte is its own `Character` there, but for CR LF, which holds no `|`); any other text keeps
    /// `contains`'s rules.
    static func containsBar(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 < 0x80 } ? text.utf8.contains(UInt8(ascii: "|")) : text.contains("|")
    }
}
