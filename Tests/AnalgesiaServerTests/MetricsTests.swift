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

@Suite("Metrics after a curated write")
struct MetricsAfterWriteTests {
    @Test("after a write the old version reads 0, the new one 1, and /metrics keeps answering")
    func versionChange() async throws {
        let (store, tokens) = try await keyedStore()
        try await withApp(store: store) { client in
            let before = try #require(try await client.call(.get, "/v1/knowledge-base").headers[.knowledgeBaseVersion])
            #expect(try await client.call(.get, "/metrics").status == .ok)
            let created = try await client.call(.post, "/v1/mechanisms", headers: json(tokens.curator), body: newMechanism)
            let after = try #require(created.headers[.knowledgeBaseVersion])
            let metrics = try await client.call(.get, "/metrics")
            #expect(metrics.status == .ok)
            #expect(metrics.text.contains(#"knowledge_base_info{version="\#(before)"} 0"#))
            #expect(metrics.text.contains(#"knowledge_base_info{version="\#(after)"} 1"#))
        }
    }
}
