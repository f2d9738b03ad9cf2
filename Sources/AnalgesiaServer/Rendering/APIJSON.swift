import Foundation
import OpenAPIRuntime

/// How the API writes JSON: keys sorted (byte order), slashes unescaped, no whitespace. The
/// generated server is configured with these options, and everything that writes JSON outside it
/// (entity tags, `AdviceRenderer`, problem bodies, `JSONValue`, the PostgreSQL record writer) uses
/// them, so the bytes always agree.
enum APIJSON {
    static let formatting: JSONEncoder.OutputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    /// The same options, as the generated server's configuration takes them.
    static let serverOptions: JSONEncodingOptions = [.sortedKeys, .withoutEscapingSlashes]

    /// `value` as the API writes it; empty when it cannot be encoded (no API type throws).
    static func encode(_ value: some Encodable) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = formatting
        return (try? encoder.encode(value)) ?? Data()
    }
}
