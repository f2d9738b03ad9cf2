import AnalgesiaAPI

extension Components.Schemas.PatientProfile {
    /// Every member of the schema, all read by `init(checked:)`. `PatientProfileBodyTests` holds
    /// this list to openapi.yaml's, and builds its bodies from openapi.yaml's members, so a member
    /// added there and not read here fails the tests.
    static let checkedMembers: Set<String> = [
        "conditions", "painfulRegions", "phase", "flare", "painTrend", "cognitiveEmotionalFactors", "medications",
    ]

    /// The profile in a body that passed its schema walk (`BodySchemaMiddleware` hands it down as
    /// `context.checkedBody`), read from the parsed value instead of decoding the same bytes a
    /// second time. Decoding the body into `JSONValue` and again into this type were each about 4%
    /// of a computed recommendation's CPU (bench/README.md). It gives what the generated decoder
    /// gives for the same body (`PatientProfileBodyTests` compares them over bodies generated from
    /// every member of the schema) and throws for a value without the schema's shape (a wrong kind,
    /// an unknown member or enum value, a null); the bounds are the schema walk's to check.
    init(checked body: JSONValue) throws {
        guard case .object(let members) = body, members.keys.allSatisfy(Self.checkedMembers.contains) else {
            throw ShapeMismatch()
        }
        guard let conditions = try Self.list(members["conditions"], Self.string) else { throw ShapeMismatch() }
        self.init(
            conditions: conditions,
            painfulRegions: try Self.list(members["painfulRegions"], Self.enumeration),
            phase: try members["phase"].map(Self.enumeration),
            flare: try members["flare"].map(Self.enumeration),
            painTrend: try members["painTrend"].map(Self.enumeration),
            cognitiveEmotionalFactors: try Self.list(members["cognitiveEmotionalFactors"], Self.enumeration),
            medications: try Self.list(members["medications"], Self.enumeration)
        )
    }

    /// A body without the schema's shape (never thrown for one that passed the schema walk).
    private struct ShapeMismatch: Error {}

    private static func string(_ value: JSONValue) throws -> String {
        guard case .string(let string) = value else { throw ShapeMismatch() }
        return string
    }

    private static func enumeration<Value: RawRepresentable>(_ value: JSONValue) throws -> Value where Value.RawValue == String {
        guard let known = Value(rawValue: try string(value)) else { throw ShapeMismatch() }
        return known
    }

    /// nil when the member is absent; its items when it is an array.
    private static func list<Value>(_ value: JSONValue?, _ item: (JSONValue) throws -> Value) throws -> [Value]? {
        guard let value else { return nil }
        guard case .array(let items) = value else { throw ShapeMismatch() }
        return try items.map(item)
    }
}
