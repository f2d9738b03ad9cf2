// The floor under a hook call: how long Foundation's JSONDecoder alone takes to decode the
// bench's hook bodies into the smallest Codable types that hold what the service reads from a
// Condition (its statuses, code and subject). The service's generated types declare the same
// members (openapi.yaml: FHIRResource, FHIRCodeableConcept, FHIRCoding, FHIRReference), so the
// service cannot decode a body faster than this with JSONDecoder, the only JSON parser in the
// stack. Bench-only; not part of the product. bench/bench.py compiles and runs it on the hook
// rows' own bodies (a JSON object: row name → array of bodies) and puts its lines in
// docs/performance.md:
//
//   swiftc -O bench/decode_floor.swift -o /tmp/decode-floor && /tmp/decode-floor BODIES.json
import Foundation

struct Coding: Codable { var system: String?; var code: String? }
struct CodeableConcept: Codable { var coding: [Coding?]? }
struct Reference: Codable { var reference: String?; var type: String?; var display: String? }
struct Resource: Codable {
    var resourceType: String
    var clinicalStatus: CodeableConcept?
    var verificationStatus: CodeableConcept?
    var code: CodeableConcept?
    var subject: Reference?
}
struct Entry: Codable { var resource: Resource? }
struct Link: Codable { var relation: String?; var url: String? }
struct SearchResult: Codable {
    var resourceType: String
    var type: String?
    var total: Int?
    var link: [Link?]?
    var entry: [Entry?]?
}
struct Context: Codable { var userId: String; var patientId: String }
struct HookRequest: Codable {
    var hook: String
    var hookInstance: String
    var context: Context
    var prefetch: [String: SearchResult?]?
}

func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
        + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
}

let sets = try JSONDecoder().decode([String: [String]].self, from: Data(contentsOf: URL(fileURLWithPath: CommandLine.arguments[1])))
let decoder = JSONDecoder()
let named = sets.sorted(by: { $0.key < $1.key }).map { (name: $0.key, data: $0.value.map { Data($0.utf8) }) }

/// CPU seconds per body for `decode` over all of `data`, repeated to about 4 MB; the median of 3.
func timed(_ data: [Data], _ decode: (Data) throws -> Void) rethrows -> Double {
    let rounds = max(1, 4_000_000 / data.reduce(0) { $0 + $1.count })
    var samples: [Double] = []
    for _ in 0..<3 {
        let start = cpuSeconds()
        for _ in 0..<rounds { for body in data { try decode(body) } }
        samples.append((cpuSeconds() - start) / Double(rounds * data.count))
    }
    return samples.sorted()[1]
}

// Warm-up: first-use costs (type metadata, page faults) are not the decoder's steady cost.
for set in named { for body in set.data { _ = try decoder.decode(HookRequest.self, from: body) } }
for (name, data) in named {
    var conditions = 0
    for body in data { conditions += try decoder.decode(HookRequest.self, from: body).prefetch?["conditions"]??.entry?.count ?? 0 }
    let perBody = try timed(data) { _ = try decoder.decode(HookRequest.self, from: $0) }
    let perBodyUntyped = try timed(data) { _ = try JSONSerialization.jsonObject(with: $0) }
    let bytes = Double(data.reduce(0) { $0 + $1.count }) / Double(data.count)
    print(String(format: "%@: %d bodies of %.0f bytes and %.1f Conditions on average: JSONDecoder %.0f µs CPU per body (%.1f µs per Condition, %.1f µs per KB); JSONSerialization into untyped values, for comparison, %.0f µs",
                 name, data.count, bytes, Double(conditions) / Double(data.count), perBody * 1e6,
                 perBody * 1e6 * Double(data.count) / Double(conditions), perBody * 1e6 / (bytes / 1024), perBodyUntyped * 1e6))
}
