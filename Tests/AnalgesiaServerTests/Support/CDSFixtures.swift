import Foundation
import HTTPTypes

/// CDS Hooks requests and FHIR resources for the hook tests.
enum CDSFixtures {
    static let publicURL = "https://cds.example.org"
    static let issuer = "https://ehr.example.org"
    static let patientView = "/cds-services/exercise-analgesia-patient-view"
    static let orderSelect = "/cds-services/exercise-analgesia-order-select"

    /// One searchset entry: a Condition with the given coding and statuses (nil leaves a status out).
    static func condition(
        _ id: String,
        _ system: String,
        _ code: String,
        clinical: String? = "active",
        verification: String? = nil,
        subject: String = "Patient/1288992",
        narrative: Bool = false
    ) -> String {
        var members = [#""resourceType":"Condition","id":"\#(id)""#]
        if let clinical {
            members.append(
                #""clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical","code":"\#(clinical)"}]}"#
            )
        }
        if let verification {
            members.append(
                #""verificationStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-ver-status","code":"\#(verification)"}]}"#
            )
        }
        members.append(#""code":{"coding":[{"system":"\#(system)","code":"\#(code)","display":"Condition \#(id)"}],"text":"Condition \#(id)"}"#)
        members.append(#""subject":{"reference":"\#(subject)"}"#)
        if narrative {
            let text = String(repeating: "Recorded at the pain clinic; history reviewed with the patient. ", count: 24)
            members.append(#""text":{"status":"generated","div":"<div xmlns=\"http://www.w3.org/1999/xhtml\">\#(text)</div>"}"#)
            members.append(#""meta":{"lastUpdated":"2026-11-01T10:00:00.000Z","versionId":"3"}"#)
            members.append(#""category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-category","code":"problem-list-item"}]}]"#)
            members.append(#""onsetDateTime":"2019-05-01","recordedDate":"2019-06-01","note":[{"text":"\#(text)"}]"#)
        }
        return #"{"fullUrl":"https://ehr.example.org/fhir/Condition/\#(id)","resource":{\#(members.joined(separator: ","))}}"#
    }

    /// A searchset Bundle of entries, with an optional `next` link and `total`.
    static func bundle(_ entries: [String], next: String? = nil, total: Int? = nil) -> String {
        var members = [#""resourceType":"Bundle","type":"searchset""#]
        if let total { members.append(#""total":\#(total)"#) }
        if let next { members.append(#""link":[{"relation":"self","url":"https://ehr.example.org/fhir/Condition"},{"relation":"next","url":"\#(next)"}]"#) }
        members.append(#""entry":[\#(entries.joined(separator: ","))]"#)
        return "{\(members.joined(separator: ","))}"
    }

    /// A patient-view request; `prefetch` is the `conditions` value (nil leaves the key out),
    /// `extra` more top-level members (`"fhirServer":…`).
    static func patientView(prefetch: String?, extra: String = "") -> String {
        let prefetchMember = prefetch.map { #","prefetch":{"conditions":\#($0)}"# } ?? ""
        return #"{"hook":"patient-view","hookInstance":"d1577c69-dfbe-44ad-ba6d-3e05e953b2ea","context":{"userId":"Practitioner/example","patientId":"1288992"}\#(extra)\#(prefetchMember)}"#
    }

    /// An order-select request with one draft ServiceRequest coded `system|code`, selected.
    static func orderSelect(system: String, code: String, prefetch: String?) -> String {
        let prefetchMember = prefetch.map { #","prefetch":{"conditions":\#($0)}"# } ?? ""
        return """
            {"hook":"order-select","hookInstance":"a8b7c6d5-0000-4000-8000-000000000001",
             "context":{"userId":"Practitioner/example","patientId":"1288992","selections":["ServiceRequest/exercise-1"],
               "draftOrders":{"resourceType":"Bundle","type":"collection","entry":[
                 {"resource":{"resourceType":"ServiceRequest","id":"exercise-1","status":"draft","intent":"order",
                   "code":{"coding":[{"system":"\(system)","code":"\(code)"}]},
                   "subject":{"reference":"Patient/1288992"}}}]}}\(prefetchMember)}
            """
    }

    static func json(_ headers: HTTPFields = [:]) -> HTTPFields {
        var fields = headers
        fields[.contentType] = "application/json"
        return fields
    }
}
