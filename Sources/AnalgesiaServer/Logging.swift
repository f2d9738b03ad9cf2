import Foundation
import Logging

/// The request being handled, for log lines: `ProblemDetailsMiddleware` sets it around each
/// request, and the metadata provider bootstrapped in `Serve` adds it to every line logged
/// while the request runs, whichever logger logs it.
enum RequestLog {
    @TaskLocal static var requestID: String?

    static let metadataProvider = Logger.MetadataProvider {
        guard let requestID else { return [:] }
        return ["request.id": .string(requestID)]
    }
}

/// One JSON object per line on standard error (`LOG_FORMAT=json`), for log shippers:
/// `{"ts":…,"level":…,"label":…,"msg":…,"source":…, …metadata}`.
struct JSONLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let (level, message, explicit, source) = (event.level, event.message, event.metadata, event.source)
        var fields: [String: JSONValue] = [
            "ts": .string(Date.ISO8601FormatStyle(includingFractionalSeconds: true).format(Date())),
            "level": .string(level.rawValue),
            "label": .string(label),
            "msg": .string(message.description),
            "source": .string(source),
        ]
        var all = metadata
        if let provided = metadataProvider?.get() { all.merge(provided) { _, new in new } }
        if let explicit { all.merge(explicit) { _, new in new } }
        for (key, value) in all where fields[key] == nil {
            fields[key] = Self.json(value)
        }
        var data = (try? JSONValue.encoder.encode(JSONValue.object(fields))) ?? Data()
        data.append(UInt8(ascii: "\n"))
        FileHandle.standardError.write(data)
    }

    static func json(_ value: Logger.MetadataValue) -> JSONValue {
        switch value {
        case .string(let string): .string(string)
        case .stringConvertible(let convertible): .string(convertible.description)
        case .array(let values): .array(values.map(json))
        case .dictionary(let values): .object(values.mapValues(json))
        }
    }
}
