import Foundation

/// A CDS Hooks patient-view request whose prefetch lists active Conditions with the given codes.
enum PatientViewFixture {
    static func request(codes: [(system: String, code: String)]) -> String {
        let entries = codes.enumerated().map { index, coding in
            """
            {"resource":{"resourceType":"Condition","id":"c\(index)",
              "clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical","code":"active"}]},
              "code":{"coding":[{"system":"\(coding.system)","code":"\(coding.code)"}]},"subject":{"reference":"Patient/p1"}}}
            """
        }
        return """
            {"hook":"patient-view","hookInstance":"7c1d6a52-3e1b-4c57-9a7e-2f5b4f0e9d11",
             "context":{"userId":"Practitioner/example","patientId":"p1"},
             "prefetch":{"conditions":{"resourceType":"Bundle","type":"searchset","entry":[\(entries.joined(separator: ","))]}}}
            """
    }
}
