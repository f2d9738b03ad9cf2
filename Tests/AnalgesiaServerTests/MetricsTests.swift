import HTTPTypes
import HummingbirdTesting
import Testing

@testable import AnalgesiaServer

@Suite("Metrics")
struct MetricsTests {
    @Test("GET /metrics exposes the knowledge-base version, recommendations by grading and CDS feedback by outcome")
    func metrics() async throws {
        try await withApp(configure: { $0.cdsAllowUnsigned = true }) { client in
            let ready = try await client.call(.get, "/health/ready")
            let version = try #require(ready["knowledgeBaseVersion"] as? String)
            _ = try await client.call(
                .post,
                "/v1/recommendations",
                headers: [.contentType: "application/json"],
                body: #"{"conditions":["fibromyalgia"],"flare":"major"}"#
            )
            _ = try await client.call(
                .post,
                "/cds-services/exercise-analgesia-patient-view/feedback",
                headers: [.contentType: "application/json"],
                body: #"{"feedback":[{"card":"c-9","outcome":"overridden","outcomeTimestamp":"2026-11-24T10:15:00Z"}]}"#
            )

            let response = try await client.call(.get, "/metrics")
            #expect(response.status == .ok)
            #expect(response.contentType.hasPrefix("text/plain"))
            #expect(response.text.contains(#"knowledge_base_info{version="\#(version)"} 1"#))
            #expect(response.text.contains(#"recommendations_total{grading="hold"} 1"#))
            #expect(response.text.contains(#"cds_feedback_total{service="exercise-analgesia-patient-view",outcome="overridden"} 1"#))
        }
    }
}
