import AnalgesiaAPI
import Foundation
import Testing

@testable import AnalgesiaServer

@Suite("Patient profile from the checked body")
struct PatientProfileBodyTests {
    @Test("the profile read from the schema walk's value equals the generated decoder's, for bodies built from every member of the contract's schema")
    func sameAsDecoder() throws {
        let contract = try Contract.bundled()
        let schema = try #require(contract.schemas["PatientProfile"])
        // Built from openapi.yaml's members, not from a list kept here, so a member added there and
        // not read by `init(checked:)` makes the two profiles differ.
        let members = schema.properties.sorted { $0.key < $1.key }.map { ($0.key, $0.value.schema) }
        #expect(members.count >= 7)
        let strings = ["fibromyalgia", "http://hl7.org/fhir/sid/icd-10-cm|M79.7", "chronic-low-back-pain", "Fibromyalgie \u{e9}\u{301}", "a\"b\\c"]
        let validator = SchemaValidator(contract: contract)
        let cycles = [1, 2, 3, 5, 7, 11, 13, 17, 19, 23]
        for index in 0..<400 {
            var body: [String: JSONValue] = [:]
            for (position, (name, member)) in members.enumerated() {
                let cycle = cycles[position % cycles.count]
                let choice = (index / cycle) % 3
                // Optional members are absent, empty or present on their own cycles; required ones are always present.
                if choice == 0, !schema.required.contains(name) { continue }
                if member.type == "array" {
                    let values = member.items?.schema.enumValues ?? strings
                    let count = choice == 1 && !schema.required.contains(name) ? 0 : 1 + index % min(3, values.count)
                    body[name] = .array((0..<count).map { .string(values[($0 * 5 + index) % values.count]) })
                } else {
                    let values = try #require(member.enumValues, "\(name) is neither an array nor an enum: give the test a value for it")
                    body[name] = .string(values[(index / cycle) % values.count])
                }
            }
            let bytes = try JSONValue.encoder.encode(JSONValue.object(body))
            let text = String(decoding: bytes, as: UTF8.self)
            let value = try JSONDecoder().decode(JSONValue.self, from: bytes)
            #expect(validator.violations(of: value, against: "PatientProfile").isEmpty, "\(text)")
            let decoded = try JSONDecoder().decode(Components.Schemas.PatientProfile.self, from: bytes)
            #expect(try Components.Schemas.PatientProfile(checked: value) == decoded, "\(text)")
        }
    }

    @Test("the reader knows every member of the contract's PatientProfile, and no other")
    func everyMember() throws {
        let schema = try #require(try Contract.bundled().schemas["PatientProfile"])
        #expect(Set(schema.properties.keys) == Components.Schemas.PatientProfile.checkedMembers)
        #expect(schema.closed)
    }

    @Test("a value without the schema's shape is refused, never read as a different profile")
    func refusesOtherShapes() {
        let bodies: [JSONValue] = [
            .array([]),
            .object([:]),
            .object(["conditions": .string("fibromyalgia")]),
            .object(["conditions": .array([.integer(1)])]),
            .object(["conditions": .array([.string("fibromyalgia")]), "phase": .string("later")]),
            .object(["conditions": .array([.string("fibromyalgia")]), "phase": .null]),
            .object(["conditions": .array([.string("fibromyalgia")]), "painfulRegions": .string("neck")]),
            .object(["conditions": .array([.string("fibromyalgia")]), "extra": .bool(true)]),
        ]
        for body in bodies {
            #expect(throws: (any Error).self, "\(body.canonicalText)") { try Components.Schemas.PatientProfile(checked: body) }
        }
    }
}
