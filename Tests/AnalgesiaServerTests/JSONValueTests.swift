import Foundation
import Testing

@testable import AnalgesiaServer

@Suite("JSON values")
struct JSONValueTests {
    @Test("every JSON kind decodes to its own case: whole numbers stay integers, null stays distinct from absent")
    func kinds() throws {
        let text = #"{"n":null,"t":true,"f":false,"i":-7,"d":1.5,"e":2e3,"big":12345678901234567890,"s":"x","empty":"","a":[1,"y",[],{}],"o":{"k":[null]}}"#
        let value = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        let expected: JSONValue = .object([
            "n": .null, "t": .bool(true), "f": .bool(false), "i": .integer(-7), "d": .number(1.5), "e": .integer(2000),
            "big": .number(Double("12345678901234567890")!), "s": .string("x"), "empty": .string(""),
            "a": .array([.integer(1), .string("y"), .array([]), .object([:])]), "o": .object(["k": .array([.null])]),
        ])
        #expect(value == expected)
        #expect(try JSONDecoder().decode(JSONValue.self, from: Data("[true,0,\"0\"]".utf8)) == .array([.bool(true), .integer(0), .string("0")]))
    }
}
