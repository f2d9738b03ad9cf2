import Foundation

/// Any JSON value, keeping the difference between `null` and absent that JSON Merge Patch needs.
enum JSONValue: Codable, Sendable, Hashable {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Each kind is tried in turn, and every miss costs the decoder a thrown `DecodingError`, so
    /// the kinds request bodies are mostly made of come first: strings, then arrays and objects.
    /// The kinds are disjoint for `JSONDecoder` with its default strategies (every decode of a
    /// `JSONValue` here uses them; `.convertFromString` would let a string decode as `Double`),
    /// except that a whole number also decodes as `Double`: `Int64` is tried first so that it
    /// stays an integer.
    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else if let value = try? container.decode([String: JSONValue].self) {
            self = .object(value)
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else {
            self = .number(try container.decode(Double.self))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// The JSON type name used in error messages and schemas.
    var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .integer: "integer"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    var object: [String: JSONValue]? { if case .object(let value) = self { value } else { nil } }

    // MARK: Conversions

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = APIJSON.formatting
        return encoder
    }()

    /// Any Encodable value (a generated schema type) as JSON.
    init(encoding value: some Encodable) throws {
        self = try JSONDecoder().decode(JSONValue.self, from: Self.encoder.encode(value))
    }

    /// This JSON decoded as `type`.
    func decode<Value: Decodable>(as type: Value.Type) throws -> Value {
        try JSONDecoder().decode(type, from: Self.encoder.encode(self))
    }

    /// Canonical (sorted-key) JSON text.
    var canonicalText: String { String(decoding: (try? Self.encoder.encode(self)) ?? Data("null".utf8), as: UTF8.self) }

    // MARK: RFC 7396 JSON Merge Patch

    /// `patch` applied to this value: objects merge member by member, `null` removes a member,
    /// anything else replaces the target.
    func merged(with patch: JSONValue) -> JSONValue {
        guard case .object(let changes) = patch else { return patch }
        var result = object ?? [:]
        for (name, change) in changes {
            if change == .null {
                result.removeValue(forKey: name)
            } else {
                result[name] = (result[name] ?? .null).merged(with: change)
            }
        }
        return .object(result)
    }
}
