import AnalgesiaAPI
import Foundation
import HTTPTypes

/// Checks a JSON body against a schema of openapi.yaml (types, required and unknown members,
/// enums, lengths, patterns, ranges, item counts), naming every field that is wrong and what is
/// allowed. The generated decoder checks types only; this makes the documented bounds real.
struct SchemaValidator {
    let contract: Contract

    struct Violation: Sendable, Hashable {
        var field: String
        var reason: String
        /// The allowed values, for an enum.
        var allowed: [String]? = nil
    }

    /// The violations of `value` against `components.schemas[name]` (at most 20).
    func violations(of value: JSONValue, against name: String) -> [Violation] {
        guard let schema = contract.schemas[name] else { return [.init(field: "", reason: "has no schema \(name)")] }
        return violations(of: value, against: schema)
    }

    /// The violations of `value` against `schema` (at most 20).
    func violations(of value: JSONValue, against schema: Contract.Schema) -> [Violation] {
        var found: [Violation] = []
        check(value, schema, at: "", into: &found)
        return Array(found.prefix(20))
    }

    /// Throws a 422 problem listing the violations, if any.
    func validate(_ value: JSONValue, against name: String) throws {
        let found = violations(of: value, against: name)
        guard !found.isEmpty else { return }
        throw ProblemError.invalidItem(found)
    }

    private func check(_ value: JSONValue, _ schema: Contract.Schema, at path: String, into found: inout [Violation]) {
        func fail(_ reason: String, allowed: [String]? = nil) {
            found.append(.init(field: path.isEmpty ? "(body)" : path, reason: reason, allowed: allowed))
        }
        if let type = schema.type, !Self.fits(value, type: type) {
            fail("must be \(Self.article(type)) \(type); got \(value == .null ? "null" : Self.article(value.typeName) + " " + value.typeName).")
            return
        }
        if let allowed = schema.enumValues {
            let text: String? =
                switch value {
                case .string(let string): string
                case .integer(let number): String(number)
                default: nil
                }
            if !(text.map(allowed.contains) ?? false) {
                fail("must be one of \(allowed.joined(separator: ", ")).", allowed: allowed)
            }
            return
        }
        switch value {
        case .string(let string):
            let count = string.count
            if let minimum = schema.minLength, count < minimum {
                fail("must be at least \(minimum) character\(minimum == 1 ? "" : "s") long.")
            }
            if let maximum = schema.maxLength, count > maximum {
                fail("must be at most \(maximum) characters long; got \(count).")
            }
            if let pattern = schema.pattern, !pattern.matches(string) {
                fail("must match \(pattern.source).")
            }
        case .integer(let number):
            checkRange(Double(number), schema) { fail($0) }
        case .number(let number):
            checkRange(number, schema) { fail($0) }
        case .array(let items):
            if let minimum = schema.minItems, items.count < minimum { fail("must have at least \(minimum) items.") }
            if let maximum = schema.maxItems, items.count > maximum {
                fail("must have at most \(maximum) items; got \(items.count).")
            }
            if let itemSchema = schema.items?.schema {
                for (index, item) in items.enumerated() {
                    check(item, itemSchema, at: "\(path)[\(index)]", into: &found)
                }
            }
        case .object(let members):
            for name in schema.required where members[name] == nil {
                found.append(.init(field: Self.join(path, name), reason: "is required."))
            }
            for (name, member) in members.sorted(by: { $0.key < $1.key }) {
                if let property = schema.properties[name] {
                    check(member, property.schema, at: Self.join(path, name), into: &found)
                } else if schema.closed {
                    let known = schema.properties.keys.sorted().joined(separator: ", ")
                    found.append(.init(field: Self.join(path, name), reason: "is not a known field; known: \(known)."))
                }
            }
        case .null, .bool:
            break
        }
    }

    private func checkRange(_ number: Double, _ schema: Contract.Schema, _ fail: (String) -> Void) {
        if let minimum = schema.minimum, number < minimum { fail("must be at least \(Self.show(minimum)).") }
        if let maximum = schema.maximum, number > maximum { fail("must be at most \(Self.show(maximum)).") }
    }

    private static func show(_ number: Double) -> String {
        number.rounded() == number ? String(Int(number)) : String(number)
    }

    private static func article(_ type: String) -> String {
        ["integer", "object", "array"].contains(type) ? "an" : "a"
    }

    private static func join(_ path: String, _ name: String) -> String { path.isEmpty ? name : "\(path).\(name)" }

    private static func fits(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool), ("integer", .integer),
            ("number", .integer), ("number", .number), ("null", .null):
            true
        default:
            false
        }
    }
}

extension ProblemError {
    /// 422: the body is JSON but not a valid item; every wrong field is named with what is allowed.
    static func invalidItem(_ violations: [SchemaValidator.Violation]) -> ProblemError {
        var problem = invalidItem(violations.map { ($0.field, $0.reason) })
        problem.invalidParams = violations.map { .init(name: $0.field, _in: .body, reason: $0.reason, allowed: $0.allowed) }
        return problem
    }

    /// 422: the body is JSON but not a valid item; every wrong field is named.
    static func invalidItem(_ fields: [(String, String)]) -> ProblemError {
        let detail = fields.prefix(3).map { "'\($0.0)' \($0.1)" }.joined(separator: " ")
        return ProblemError(
            status: .unprocessableContent,
            type: "/problems/invalid-item",
            title: "Invalid item",
            detail: fields.count > 3 ? "\(detail) (and \(fields.count - 3) more)" : detail,
            invalidParams: fields.map { .init(name: $0.0, _in: .body, reason: $0.1) }
        )
    }

    static func conflict(_ detail: String) -> ProblemError {
        ProblemError(status: .conflict, type: "/problems/conflict", title: "Conflict", detail: detail)
    }

    static func gone(_ detail: String) -> ProblemError {
        ProblemError(status: .gone, type: "/problems/deleted", title: "Deleted", detail: detail)
    }

    static func staleVersion(current: String) -> ProblemError {
        ProblemError(
            status: .preconditionFailed,
            type: "/problems/stale-version",
            title: "Stale version",
            detail:
                "If-Match does not carry the current ETag (\(current)): the item changed since you read it. GET it again, reapply your change, and retry."
        )
    }

    static var versionRequired: ProblemError {
        ProblemError(
            status: .preconditionRequired,
            type: "/problems/version-required",
            title: "If-Match required",
            detail: "Writes must carry If-Match with the item's current ETag (from a GET or the previous write), so that no change is lost."
        )
    }
}
