import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import Testing

@testable import AnalgesiaServer

/// What EHRs and fuzzers actually send to the hook endpoints: the body that used to abort the
/// process, wrong shapes, the specification's own examples, long problem lists, OID code systems,
/// provisional and differential diagnoses, and the order codes that trigger order-select.
@Suite("CDS Hooks input")
struct CDSHookInputTests {
    typealias F = CDSFixtures

    static func unsigned(_ configuration: inout AppConfiguration) {
        configuration.cdsAllowUnsigned = true
        configuration.cdsPublicURL = F.publicURL
    }

    static func cards(_ response: JSONResponse) -> [[String: Any]] { response["cards"] as? [[String: Any]] ?? [] }

    @Test("the one-line body that aborted the process is a 400 naming prefetch.conditions, on both hooks, and the service keeps answering")
    func crashBody() async throws {
        try await withApp(configure: Self.unsigned) { client in
            let patientView =
                #"{"hook":"patient-view","hookInstance":"x","context":{"userId":"Practitioner/1","patientId":"1"},"prefetch":{"conditions":"Bundle"}}"#
            let orderSelect =
                #"{"hook":"order-select","hookInstance":"x","context":{"userId":"Practitioner/1","patientId":"1","selections":[],"draftOrders":{"resourceType":"Bundle"}},"prefetch":{"conditions":"Bundle"}}"#
            expectProblem(try await client.call(.post, F.patientView, headers: F.json(), body: patientView), .badRequest, mentioning: "prefetch.conditions")
            expectProblem(try await client.call(.post, F.orderSelect, headers: F.json(), body: orderSelect), .badRequest, mentioning: "prefetch.conditions")
            let after = try await client.call(
                .post,
                F.patientView,
                headers: F.json(),
                body: F.patientView(prefetch: F.bundle([F.condition("c1", "http://hl7.org/fhir/sid/icd-10-cm", "M79.7")]))
            )
            #expect(after.status == .ok)
            #expect(Self.cards(after).count == 1)
        }
    }

    @Test(
        "a wrong shape anywhere in the body is a 400 naming the field",
        arguments: [
            (#""prefetch":{"conditions":5}"#, "prefetch.conditions"),
            (#""prefetch":{"conditions":[]}"#, "prefetch.conditions"),
            (#""prefetch":[]"#, "prefetch"),
            (#""prefetch":{"conditions":{"resourceType":"Bundle","entry":{}}}"#, "prefetch.conditions.entry"),
            (#""prefetch":{"conditions":{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"Condition","code":"M79.7"}}]}}"#,
             "prefetch.conditions.entry[0].resource.code"),
            (#""prefetch":{"conditions":{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"Condition","code":{"coding":[{"code":7}]}}}]}}"#,
             "prefetch.conditions.entry[0].resource.code.coding[0].code"),
            (#""prefetch":{"conditions":{"entry":[]}}"#, "resourceType"),
            (#""prefetch":{"conditions":{"resourceType":"Patient"}}"#, "prefetch.conditions"),
            (#""fhirAuthorization":"token""#, "fhirAuthorization"),
        ] as [(String, String)]
    )
    func wrongShapes(member: String, field: String) async throws {
        try await withApp(configure: Self.unsigned) { client in
            let body = #"{"hook":"patient-view","hookInstance":"x","context":{"userId":"Practitioner/1","patientId":"1"},\#(member)}"#
            expectProblem(try await client.call(.post, F.patientView, headers: F.json(), body: body), .badRequest, mentioning: field)
        }
    }

    @Test("context errors: a missing patientId, order-select without draftOrders, an empty hookInstance, deep nesting")
    func contextErrors() async throws {
        try await withApp(configure: Self.unsigned) { client in
            expectProblem(
                try await client.call(.post, F.patientView, headers: F.json(), body: #"{"hook":"patient-view","hookInstance":"x","context":{"userId":"u"}}"#),
                .badRequest,
                mentioning: "patientId"
            )
            expectProblem(
                try await client.call(
                    .post,
                    F.orderSelect,
                    headers: F.json(),
                    body: #"{"hook":"order-select","hookInstance":"x","context":{"userId":"u","patientId":"1"},"prefetch":{"conditions":null}}"#
                ),
                .badRequest,
                mentioning: "draftOrders"
            )
            expectProblem(
                try await client.call(.post, F.patientView, headers: F.json(), body: #"{"hook":"patient-view","hookInstance":"","context":{"userId":"u","patientId":"1"}}"#),
                .badRequest,
                mentioning: "hookInstance"
            )
            let deep = String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)
            let nested = F.orderSelect(system: "http://snomed.info/sct", code: "229065009", prefetch: "null")
                .replacingOccurrences(of: #""status":"draft""#, with: #""status":"draft","x":\#(deep)"#)
            let response = try await client.call(.post, F.orderSelect, headers: F.json(), body: nested)
            #expect((400..<500).contains(response.status.code), "\(response.status)")
            #expect(response.isProblem)
        }
    }

    @Test("unknown FHIR members are ignored and null members count as absent")
    func lenientReading() async throws {
        try await withApp(configure: Self.unsigned) { client in
            let entry = """
                {"resource":{"resourceType":"Condition","id":"c1","meta":{"versionId":"1"},"extension":[{"url":"x","valueString":"y"}],
                 "clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical","code":"active","userSelected":null}]},
                 "verificationStatus":null,"bodySite":[{"text":"everywhere"}],
                 "code":{"coding":[{"system":"http://hl7.org/fhir/sid/icd-10-cm","code":"M79.7","version":null,"extension":[]}],"text":null}},
                 "search":{"mode":"match"}}
                """
            let body = F.patientView(prefetch: F.bundle([entry]), extra: #","fhirServer":null,"fhirAuthorization":null"#)
            let response = try await client.call(.post, F.patientView, headers: F.json(), body: body)
            #expect(response.status == .ok, "\(response.text)")
            #expect(Self.cards(response).count == 1)
            // null: the EHR's query found nothing (CDS Hooks 2.0); not a 412.
            let empty = try await client.call(.post, F.patientView, headers: F.json(), body: F.patientView(prefetch: "null"))
            #expect(empty.text == #"{"cards":[]}"#)
        }
    }

    @Test("the specification's patient-view example (no conditions prefetch, a FHIR server nobody allowlisted) is 412 saying why")
    func specPatientViewExample() async throws {
        try await withApp(configure: Self.unsigned) { client in
            let example = """
                {"hookInstance":"d1577c69-dfbe-44ad-ba6d-3e05e953b2ea","fhirServer":"http://hooks.smarthealthit.org:9080","hook":"patient-view",
                 "fhirAuthorization":{"access_token":"some-opaque-fhir-access-token","token_type":"Bearer","expires_in":300,
                   "scope":"user/Patient.read user/Observation.read","subject":"cds-service4"},
                 "context":{"userId":"Practitioner/example","patientId":"1288992"},
                 "prefetch":{"patientToGreet":{"resourceType":"Patient","gender":"male","birthDate":"1925-12-23","id":"1288992","active":true}}}
                """
            let response = try await client.call(.post, F.patientView, headers: F.json(), body: example)
            expectProblem(response, .preconditionFailed, mentioning: "not allowlisted")
            #expect(!response.text.contains("some-opaque-fhir-access-token"))
        }
    }

    @Test("the specification's order-select example (a diet and a medication selected) answers no cards")
    func specOrderSelectExample() async throws {
        try await withApp(configure: Self.unsigned) { client in
            let example = """
                {"hookInstance":"d1577c69-dfbe-44ad-ba6d-3e05e953b2ea","hook":"order-select","fhirServer":"http://fhir.example.org",
                 "context":{"userId":"PractitionerRole/123","patientId":"1288992","encounterId":"89284",
                  "selections":["NutritionOrder/pureeddiet-simple","MedicationRequest/smart-MedicationRequest-103"],
                  "draftOrders":{"resourceType":"Bundle","entry":[
                   {"resource":{"resourceType":"NutritionOrder","id":"pureeddiet-simple",
                     "identifier":[{"system":"http://goodhealthhospital.org/nutrition-requests","value":"123"}],"status":"draft",
                     "patient":{"reference":"Patient/1288992"},"dateTime":"2014-09-17",
                     "orderer":{"reference":"Practitioner/example","display":"Dr Adam Careful"},
                     "oralDiet":{"type":[{"coding":[{"system":"http://snomed.info/sct","code":"226211001","display":"Pureed diet"},
                        {"system":"http://goodhealthhospital.org/diet-type-codes","code":"1010","display":"Pureed diet"}],"text":"Pureed diet"}],
                      "schedule":[{"repeat":{"boundsPeriod":{"start":"2015-02-10"},"frequency":3,"period":1,"periodUnit":"d"}}]}}},
                   {"resource":{"resourceType":"MedicationRequest","id":"smart-MedicationRequest-103","meta":{"lastUpdated":"2018-04-30T13:25:40.845-04:00"},
                     "text":{"status":"generated","div":"<div xmlns=\\"http://www.w3.org/1999/xhtml\\">Amoxicillin</div>"},
                     "status":"draft","intent":"order",
                     "medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"617993"}],"text":"Amoxicillin"},
                     "subject":{"reference":"Patient/1288992"},
                     "dosageInstruction":[{"text":"5 mL bid x 10 days","timing":{"repeat":{"boundsPeriod":{"start":"2005-01-04"},"frequency":2,"period":1,"periodUnit":"d"}},
                       "doseAndRate":{"doseQuantity":{"value":5,"unit":"mL","system":"http://unitsofmeasure.org","code":"mL"}}}]}}]}}}
                """
            let response = try await client.call(.post, F.orderSelect, headers: F.json(), body: example)
            #expect(response.status == .ok, "\(response.text)")
            #expect(response.text == #"{"cards":[]}"#)
        }
    }

    @Test("a 500-Condition problem list with narratives (about 2 MB) is read whole; past cds.maxRequestBytes it is 413")
    func longProblemList() async throws {
        var entries = (0..<499).map { F.condition("other-\($0)", "http://hl7.org/fhir/sid/icd-10-cm", "J45.\($0 % 10)", narrative: true) }
        entries.append(F.condition("fibro", "http://hl7.org/fhir/sid/icd-10-cm", "M79.7", narrative: true))
        let body = F.patientView(prefetch: F.bundle(entries, total: 500))
        #expect(body.utf8.count > 1_500_000 && body.utf8.count < 2 * 1024 * 1024, "\(body.utf8.count) bytes")
        try await withApp(configure: Self.unsigned) { client in
            let response = try await client.call(.post, F.patientView, headers: F.json(), body: body)
            #expect(response.status == .ok, "\(response.text.prefix(300))")
            let card = try #require(Self.cards(response).first)
            #expect((card["summary"] as? String)?.contains("Fibromyalgia") == true)
        }
        try await withApp(configure: {
            Self.unsigned(&$0)
            $0.cdsMaxRequestBytes = 1024 * 1024
        }) { client in
            expectProblem(try await client.call(.post, F.patientView, headers: F.json(), body: body), .contentTooLarge, mentioning: "1048576")
        }
    }

    @Test(
        "OID code systems map onto the knowledge's: ICD-10-CM, SNOMED CT and ICD-10 (WHO)",
        arguments: [
            ("urn:oid:2.16.840.1.113883.6.90", "M79.7"), ("urn:oid:2.16.840.1.113883.6.96", "203082005"),
            ("urn:oid:2.16.840.1.113883.6.3", "M79.7"), ("URN:OID:2.16.840.1.113883.6.90", "M797"),
        ] as [(String, String)]
    )
    func oidSystems(system: String, code: String) async throws {
        try await withApp(configure: Self.unsigned) { client in
            let response = try await client.call(
                .post,
                F.patientView,
                headers: F.json(),
                body: F.patientView(prefetch: F.bundle([F.condition("c1", system, code)]))
            )
            #expect(Self.cards(response).count == 1, "\(system)|\(code): \(response.text.prefix(200))")
        }
    }

    @Test(
        "which Conditions count: confirmed or unstated and active or unstated do; differential, provisional, unconfirmed, refuted, resolved and another patient's do not",
        arguments: [
            (nil, "active", "Patient/1288992", true), ("confirmed", "active", "Patient/1288992", true),
            ("confirmed", nil, "Patient/1288992", true), ("differential", "active", "Patient/1288992", false),
            ("provisional", "active", "Patient/1288992", false), ("unconfirmed", "active", "Patient/1288992", false),
            ("refuted", "active", "Patient/1288992", false), ("entered-in-error", nil, "Patient/1288992", false),
            ("confirmed", "resolved", "Patient/1288992", false), ("confirmed", "remission", "Patient/1288992", false),
            (nil, "relapse", "Patient/1288992", true), (nil, "active", "https://ehr.example.org/fhir/Patient/other", false),
        ] as [(String?, String?, String, Bool)]
    )
    func statuses(verification: String?, clinical: String?, subject: String, counts: Bool) async throws {
        try await withApp(configure: Self.unsigned) { client in
            let condition = F.condition("c1", "http://hl7.org/fhir/sid/icd-10-cm", "M79.7", clinical: clinical, verification: verification, subject: subject)
            let response = try await client.call(.post, F.patientView, headers: F.json(), body: F.patientView(prefetch: F.bundle([condition])))
            #expect(response.status == .ok)
            #expect(Self.cards(response).count == (counts ? 1 : 0), "verification \(verification ?? "-") clinical \(clinical ?? "-") subject \(subject)")
        }
    }

    @Test(
        "order-select fires on the trigger table's codes (URI or OID) and on nothing else",
        arguments: [
            ("http://snomed.info/sct", "229065009", true), ("http://snomed.info/sct", "91251008", true),
            ("http://www.ama-assn.org/go/cpt", "97110", true), ("http://www.ama-assn.org/go/cpt", "97112", true),
            ("http://www.ama-assn.org/go/cpt", "97530", true), ("urn:oid:2.16.840.1.113883.6.12", "97113", true),
            ("urn:oid:2.16.840.1.113883.6.96", "229065009", true), ("http://www.ama-assn.org/go/cpt", "97140", false),
            ("http://snomed.info/sct", "226211001", false), ("http://loinc.org", "97110", false),
        ] as [(String, String, Bool)]
    )
    func triggers(system: String, code: String, fires: Bool) async throws {
        try await withApp(configure: Self.unsigned) { client in
            let prefetch = F.bundle([F.condition("c1", "http://hl7.org/fhir/sid/icd-10-cm", "M79.7")])
            let response = try await client.call(
                .post,
                F.orderSelect,
                headers: F.json(),
                body: F.orderSelect(system: system, code: code, prefetch: prefetch)
            )
            #expect(response.status == .ok, "\(response.text.prefix(300))")
            #expect(Self.cards(response).count == (fires ? 1 : 0), "\(system)|\(code)")
        }
    }

    @Test("the order's update suggestion hands back every member of the draft ServiceRequest, with the note appended")
    func orderPassThrough() async throws {
        try await withApp(configure: Self.unsigned) { client in
            let body = F.orderSelect(
                system: "http://www.ama-assn.org/go/cpt",
                code: "97110",
                prefetch: F.bundle([F.condition("c1", "http://hl7.org/fhir/sid/icd-10-cm", "M79.7")])
            ).replacingOccurrences(
                of: #""status":"draft","#,
                with: #""status":"draft","occurrenceTiming":{"repeat":{"frequency":2,"period":1,"periodUnit":"wk"}},"note":[{"text":"Earlier note","authorString":"Dr A"}],"#
            )
            let response = try await client.call(.post, F.orderSelect, headers: F.json(), body: body)
            let card = try #require(Self.cards(response).first)
            let suggestion = try #require((card["suggestions"] as? [[String: Any]])?.first)
            let resource = try #require((suggestion["actions"] as? [[String: Any]])?.first?["resource"] as? [String: Any])
            #expect(resource["resourceType"] as? String == "ServiceRequest")
            #expect(resource["intent"] as? String == "order")
            #expect((resource["subject"] as? [String: Any])?["reference"] as? String == "Patient/1288992")
            #expect(((resource["occurrenceTiming"] as? [String: Any])?["repeat"] as? [String: Any])?["periodUnit"] as? String == "wk")
            let notes = try #require(resource["note"] as? [[String: Any]])
            #expect(notes.count == 2)
            #expect(notes[0]["authorString"] as? String == "Dr A")
            #expect((notes[1]["text"] as? String)?.hasPrefix("Exercise-analgesia advice") == true)
        }
    }

    @Test("discovery says what each service needs: the prefetch or FHIR access, and order-select's trigger codes")
    func usageRequirements() async throws {
        try await withApp(configure: Self.unsigned) { client in
            let services = try #require(try await client.call(.get, "/cds-services")["services"] as? [[String: Any]])
            for service in services {
                let requirements = service["usageRequirements"] as? String ?? ""
                #expect(requirements.contains("prefetch") && requirements.contains("fhirAuthorization"))
                if service["hook"] as? String == "order-select" {
                    for code in ["229065009", "91251008", "97110", "97112", "97530"] { #expect(requirements.contains(code)) }
                }
            }
        }
    }

    @Test("the trigger table compiled into the binary decodes, and every row says why it is there")
    func triggerTable() throws {
        let table = try OrderSelectTriggers.bundled()
        #expect(table.triggers.count >= 5)
        for trigger in table.triggers { #expect(!trigger.why.isEmpty && !trigger.display.isEmpty) }
    }

    @Test("card links: source.url is the page of the condition that drives the warning; one 'Why this advice' link to /recommend")
    func cardLinks() async throws {
        try await withApp(configure: Self.unsigned) { client in
            let prefetch = F.bundle([
                F.condition("c1", "http://hl7.org/fhir/sid/icd-10-cm", "M17.11"), F.condition("c2", "http://hl7.org/fhir/sid/icd-10-cm", "M79.7"),
            ])
            let card = try #require(Self.cards(try await client.call(.post, F.patientView, headers: F.json(), body: F.patientView(prefetch: prefetch))).first)
            #expect((card["source"] as? [String: Any])?["url"] as? String == "\(F.publicURL)/conditions/fibromyalgia")
            let links = try #require(card["links"] as? [[String: Any]])
            #expect(links.count == 1)
            #expect(links.first?["label"] as? String == "Why this advice")
            let url = try #require(links.first?["url"] as? String)
            #expect(url.hasPrefix("\(F.publicURL)/recommend?"))
            #expect(url.contains("M79.7") && url.contains("M17.11"))
            #expect(links.allSatisfy { $0["type"] as? String == "absolute" })
        }
    }

    @Test("start-up warns when cds.publicURL is unset and cards would link to a loopback or unspecified address, and only then")
    func publicURLWarning() throws {
        func warnings(_ configure: (inout AppConfiguration) -> Void) throws -> String {
            let captured = LogCapture()
            var logger = Logger(label: "capture") { _ in captured }
            logger.logLevel = .trace
            var configuration = testConfiguration
            configure(&configuration)
            _ = try CDSSettings(configuration: configuration, logger: logger)
            return captured.text
        }
        #expect(try warnings { _ in }.contains("cds.publicURL is unset"))
        #expect(try warnings { $0.httpHost = "0.0.0.0" }.contains("cds.publicURL is unset"))
        #expect(!(try warnings { $0.cdsPublicURL = F.publicURL }.contains("cds.publicURL is unset")))
        #expect(!(try warnings { $0.httpHost = "cds.internal.example.org" }.contains("cds.publicURL is unset")))
    }
}
