import Foundation
import Yams

/// openapi.yaml as plain Swift values (`[String: Any]`, `[Any]`, `String`, `Int`, `Double`,
/// `Bool`, `NSNull`), from the node tree Yams composes.
///
/// `Yams.load` gives the same tree but resolves every scalar's tag with regular expressions and
/// builds `[AnyHashable: Any]` dictionaries that have to be cast, level by level, to
/// `[String: Any]`: that was half of the server's start-up CPU (perf, release build). The
/// contract is our own, trusted file; its plain scalars need only the YAML core schema's
/// integers, floats, booleans and nulls, and quoted or block scalars are strings.
/// ContractTests checks that this reading equals `Yams.load`'s for the bundled contract.
enum ContractYAML {
    static func load(_ text: String) throws -> Any? {
        try Yams.compose(yaml: text).map(value)
    }

    static func value(_ node: Node) -> Any {
        switch node {
        case .scalar(let scalar):
            return scalarValue(scalar)
        case .sequence(let sequence):
            return sequence.map(value)
        case .mapping(let mapping):
            var object: [String: Any] = [:]
            object.reserveCapacity(mapping.count)
            for (key, item) in mapping {
                object[key.scalar?.string ?? "\(key)"] = value(item)
            }
            return object
        }
    }

    private static func scalarValue(_ scalar: Node.Scalar) -> Any {
        let text = scalar.string
        guard scalar.style == .plain || scalar.style == .any else { return text }
        switch text {
        case "", "~", "null", "Null", "NULL": return NSNull()
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: break
        }
        if let integer = Int(text) { return integer }
        if text.contains(where: \.isNumber), text.allSatisfy({ "0123456789+-.eE".contains($0) }), let number = Double(text) {
            return number
        }
        return text
    }
}
