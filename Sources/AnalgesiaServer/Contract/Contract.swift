import Foundation
import HTTPTypes

/// The parts of openapi.yaml the service enforces at run time: which paths and methods exist,
/// and each operation's parameters with their types, enums, ranges, lengths and patterns.
/// Read from the same file the server code is generated from, so the two cannot drift.
struct Contract: Sendable {
    struct Schema: Sendable {
        var type: String?
        var enumValues: [String]?
        var minimum: Double?
        var maximum: Double?
        var minLength: Int?
        var maxLength: Int?
        var pattern: Pattern?
        var minItems: Int?
        var maxItems: Int?
        /// The schema of array items (arrays only).
        var items: Box?
        /// Object members, the required ones, and whether others are refused.
        var properties: [String: Box] = [:]
        var required: [String] = []
        var closed = false

        /// Allowed values of the value itself or, for an array, of its items.
        var allowedValues: [String]? { enumValues ?? items?.schema.enumValues }
    }

    /// Indirection for recursive schemas.
    final class Box: Sendable {
        let schema: Schema
        init(_ schema: Schema) { self.schema = schema }
    }

    /// A compiled `pattern`. NSRegularExpression is immutable and safe to share once built.
    struct Pattern: @unchecked Sendable {
        let source: String
        let expression: NSRegularExpression

        func matches(_ value: String) -> Bool {
            let range = NSRange(value.startIndex..., in: value)
            return expression.firstMatch(in: value, range: range) != nil
        }
    }

    enum Location: String, Sendable {
        case query, path, header, cookie
    }

    struct Parameter: Sendable {
        var name: String
        var location: Location
        var required: Bool
        var schema: Schema
    }

    struct Operation: Sendable {
        var operationID: String
        var parameters: [Parameter]
        /// Top-level properties of a JSON request body, by name.
        var bodyProperties: [String: Schema] = [:]
        /// The schema of a JSON (or JSON Merge Patch) request body, if the operation takes one.
        var bodySchema: Schema?
        /// Whether the body is checked by walking `bodySchema` (`BodySchemaMiddleware`), or only
        /// by the generated decoder and the handler (`x-body-validation: decoder`): a CDS Hooks
        /// body may be megabytes of FHIR, decoded once into typed schemas that say what is read.
        var walksBodySchema = true
        /// The API-key role the operation needs (`x-required-role`), if any.
        var requiredRole: String?
        /// Whether the operation lists the `apiKey` scheme, and whether it also allows no key.
        var acceptsKey = false
        var allowsAnonymous = true

        func parameters(in location: Location) -> [Parameter] { parameters.filter { $0.location == location } }
    }

    struct PathItem: Sendable {
        enum Segment: Sendable, Equatable {
            case literal(String)
            case parameter(String)
        }

        var template: String
        var segments: [Segment]
        var operations: [HTTPRequest.Method: Operation]

        var allowedMethods: [String] {
            var methods = operations.keys.map(\.rawValue)
            if operations[.get] != nil { methods.append("HEAD") }
            return methods.sorted()
        }

        /// Path parameter values when `path` fits this template.
        func match(_ pathSegments: [Substring]) -> [String: String]? {
            guard pathSegments.count == segments.count else { return nil }
            var values: [String: String] = [:]
            for (segment, actual) in zip(segments, pathSegments) {
                switch segment {
                case .literal(let literal): if literal != actual { return nil }
                case .parameter(let name):
                    if actual.isEmpty { return nil }
                    values[name] = String(actual).removingPercentEncoding ?? String(actual)
                }
            }
            return values
        }
    }

    /// Path items, most literal segments first so that fixed paths win over templates.
    let paths: [PathItem]
    /// The document's bytes, served at GET /openapi.yaml.
    let document: Data
    /// `components.schemas`, resolved.
    let schemas: [String: Schema]

    /// The operation with this id.
    func operation(_ operationID: String) -> Operation? {
        for item in paths {
            if let operation = item.operations.values.first(where: { $0.operationID == operationID }) { return operation }
        }
        return nil
    }

    /// A request's place in the contract: the path item and the path parameter values.
    struct Route: Sendable {
        let item: PathItem
        let pathValues: [String: String]

        /// The operation `method` reaches; HEAD is the GET it stands for unless declared.
        func operation(for method: HTTPRequest.Method) -> Operation? {
            item.operations[method == .head && item.operations[.head] == nil ? .get : method]
        }
    }

    /// The route serving `path`, if openapi.yaml declares it.
    func route(for path: String) -> Route? {
        let segments = Array(path.split(separator: "/", omittingEmptySubsequences: false).dropFirst())
        for item in paths {
            if let values = item.match(segments) { return Route(item: item, pathValues: values) }
        }
        return nil
    }

    // MARK: Loading

    /// The contract bundled with this executable.
    static func bundled() throws -> Contract {
        try Contract(document: Data(PackageResources.openapi_yaml))
    }

    init(document: Data) throws {
        self.document = document
        guard let text = String(data: document, encoding: .utf8),
            let root = try ContractYAML.load(text) as? [String: Any],
            let paths = root["paths"] as? [String: Any]
        else { throw ContractError("openapi.yaml has no paths") }
        let resolver = Resolver(root: root)
        var items: [PathItem] = []
        for (template, value) in paths {
            guard let pathItem = value as? [String: Any] else { continue }
            let shared = try resolver.parameters(pathItem["parameters"])
            var operations: [HTTPRequest.Method: Operation] = [:]
            for (key, value) in pathItem {
                guard let method = HTTPRequest.Method(key.uppercased()),
                    ["GET", "PUT", "POST", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE"].contains(method.rawValue),
                    let operation = value as? [String: Any]
                else { continue }
                let own = try resolver.parameters(operation["parameters"])
                let merged = shared.filter { parameter in !own.contains { $0.name == parameter.name && $0.location == parameter.location } } + own
                let security = operation["security"] as? [[String: Any]]
                operations[method] = Operation(
                    operationID: operation["operationId"] as? String ?? key,
                    parameters: merged,
                    bodyProperties: try resolver.bodyProperties(operation["requestBody"]),
                    bodySchema: try resolver.bodySchema(operation["requestBody"]),
                    walksBodySchema: operation["x-body-validation"] as? String != "decoder",
                    requiredRole: operation["x-required-role"] as? String,
                    acceptsKey: security?.contains { $0["apiKey"] != nil } ?? false,
                    allowsAnonymous: security.map { $0.contains { $0.isEmpty } } ?? true
                )
            }
            let segments = template.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map { part in
                part.hasPrefix("{") && part.hasSuffix("}")
                    ? PathItem.Segment.parameter(String(part.dropFirst().dropLast())) : .literal(String(part))
            }
            items.append(PathItem(template: template, segments: segments, operations: operations))
        }
        var schemas: [String: Schema] = [:]
        for (name, _) in (root["components"] as? [String: Any])?["schemas"] as? [String: Any] ?? [:] {
            schemas[name] = try resolver.schema(["$ref": "#/components/schemas/\(name)"])
        }
        self.schemas = schemas
        self.paths = items.sorted { lhs, rhs in
            let left = lhs.segments.filter { if case .literal = $0 { true } else { false } }.count
            let right = rhs.segments.filter { if case .literal = $0 { true } else { false } }.count
            return left != right ? left > right : lhs.template < rhs.template
        }
    }

    /// Follows local `$ref`s.
    private struct Resolver {
        let root: [String: Any]

        func resolve(_ value: Any?) throws -> [String: Any]? {
            guard var object = value as? [String: Any] else { return nil }
            var hops = 0
            while let reference = object["$ref"] as? String {
                hops += 1
                guard hops < 16, reference.hasPrefix("#/") else { throw ContractError("unsupported $ref \(reference)") }
                var node: Any? = root
                for part in reference.dropFirst(2).split(separator: "/") {
                    node = (node as? [String: Any])?[String(part)]
                }
                guard let next = node as? [String: Any] else { throw ContractError("dangling $ref \(reference)") }
                object = next
            }
            return object
        }

        func parameters(_ value: Any?) throws -> [Parameter] {
            guard let list = value as? [Any] else { return [] }
            return try list.compactMap { entry in
                guard let parameter = try resolve(entry), let name = parameter["name"] as? String,
                    let location = (parameter["in"] as? String).flatMap(Location.init(rawValue:))
                else { return nil }
                return Parameter(
                    name: name,
                    location: location,
                    required: parameter["required"] as? Bool ?? (location == .path),
                    schema: try schema(parameter["schema"])
                )
            }
        }

        func bodySchema(_ value: Any?) throws -> Schema? {
            guard let body = try resolve(value), let content = body["content"] as? [String: Any] else { return nil }
            guard let media = (content["application/json"] ?? content["application/merge-patch+json"]) as? [String: Any]
            else { return nil }
            return try schema(media["schema"])
        }

        func bodyProperties(_ value: Any?) throws -> [String: Schema] {
            guard let body = try resolve(value), let content = body["content"] as? [String: Any],
                let json = content["application/json"] as? [String: Any],
                let schema = try resolve(json["schema"]), let properties = schema["properties"] as? [String: Any]
            else { return [:] }
            var result: [String: Schema] = [:]
            for (name, property) in properties { result[name] = try self.schema(property) }
            return result
        }

        func schema(_ value: Any?, depth: Int = 0) throws -> Schema {
            guard depth < 16 else { throw ContractError("schemas nest too deeply") }
            guard let schema = try resolve(value) else { return Schema() }
            func number(_ key: String) -> Double? {
                (schema[key] as? Double) ?? (schema[key] as? Int).map(Double.init)
            }
            var pattern: Pattern?
            if let source = schema["pattern"] as? String {
                pattern = Pattern(source: source, expression: try NSRegularExpression(pattern: source))
            }
            return Schema(
                type: schema["type"] as? String,
                enumValues: (schema["enum"] as? [Any])?.map { "\($0)" },
                minimum: number("minimum"),
                maximum: number("maximum"),
                minLength: schema["minLength"] as? Int,
                maxLength: schema["maxLength"] as? Int,
                pattern: pattern,
                minItems: schema["minItems"] as? Int,
                maxItems: schema["maxItems"] as? Int,
                items: schema["items"] == nil ? nil : Box(try self.schema(schema["items"], depth: depth + 1)),
                properties: try (schema["properties"] as? [String: Any] ?? [:]).mapValues {
                    Box(try self.schema($0, depth: depth + 1))
                },
                required: schema["required"] as? [String] ?? [],
                closed: (schema["additionalProperties"] as? Bool) == false
            )
        }
    }
}

struct ContractError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
