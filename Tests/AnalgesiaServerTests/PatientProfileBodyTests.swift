import AnalgesiaAPI
import Foundation
import Testing

@testable import AnalgesiaServer

@Suite("Patient profile from the checked body")
struct PatientProfileBodyTests {
    @Test("the profile read from the schema walk's value equals the generated decoder's, for every body of a generated set")
    func sameAsDecoder() throws {
        let contract = try Contract.bundled()
        let values = { (name: String) in contract.schemas[name]?.enumValues ?? [] }
        let regions = values("BodyRegion"), phases = values("TherapyPhase"), flares = values("FlareSeverity")
        let trends = values("PainTrend"), factors = values("CognitiveEmotionalFactor"), medications = values("MedicationClass")
        #expect(!regions.isEmpty && !phases.isEmpty && !flares.isEmpty && !trends.isEmpty && !factors.isEmpty && !medications.isEmpty)
        let conditions = ["fibromyalgia", "http://hl7.org/fhir/sid/icd-10-cm|M79.7", "chronic-low-back-pain", "Fibromyalgie \u{e9}\u{301}", "a\"b\\c"]
        let validator = SchemaValidator(contract: contract)
        var walked = 0
        for index in 0..<400 {
            // Each optional member absent, empty or present, on its own cycle, so the set mixes them.
            func list(_ all: [String], _ cycle: Int) -> JSONValue? {
                switch (index / cycle) % 3 {
                case 0: nil
                case 1: .array([])
                default: .array((0...(index % all.count)).map { .string(all[($0 * 5 + index) % all.count]) })
                }
            }
            func one(_ all: [String], _ cycle: Int) -> JSONValue? {
                (index / cycle) % (all.count + 1) == 0 ? nil : .string(all[(index / cycle) % (all.count + 1) - 1])
            }
            var members: [String: JSONValue] = [
                "conditions": .array((0...(index % 3)).map { .string(conditions[($0 + index) % conditions.count]) })
            ]
            members["painfulRegions"] = list(regions, 1)
            members["phase"] = one(phases, 2)
            members["flare"] = one(flares, 3)
            members["painTrend"] = one(trends, 5)
            members["cognitiveEmotionalFactors"] = list(factors, 7)
            members["medications"] = list(medications, 11)
            let body = try JSONValue.encoder.encode(JSONValue.object(members))
            let value = try JSONDecoder().decode(JSONValue.self, from: body)
            guard validator.violations(of: value, against: "PatientProfile").isEmpty else { continue }
            walked += 1
            let decoded = try JSONDecoder().decode(Components.Schemas.PatientProfile.self, from: body)
            #expect(try Components.Schemas.PatientProfile(checked: value) == decoded, "\(String(decoding: body, as: UTF8.self))")
        }
        // Most bodies are valid (some repeat a region or factor, which the schema allows).
        #expect(walked > 300)
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
