import Metrics
import Prometheus
import Synchronization

/// The service's own metrics, on the Prometheus registry that `GET /metrics` exposes. Request
/// metrics come from Hummingbird's MetricsMiddleware through the swift-metrics system that
/// `@main` bootstraps with this registry.
final class ServiceMetrics: Sendable {
    let registry: PrometheusCollectorRegistry
    private let lastVersion = Mutex<String?>(nil)

    init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
    }

    /// Sets `knowledge_base_info{version=…}` to 1 for the version served, 0 for the previous one.
    func knowledgeBaseServed(version: String) {
        let previous = lastVersion.withLock { last -> String? in
            defer { last = version }
            return last == version ? nil : last
        }
        // Every registration of a name must carry the same help text, or the registry traps.
        let help = "The knowledge base being served."
        if let previous {
            registry.makeGauge(name: "knowledge_base_info", labels: [("version", previous)], help: help).set(0.0)
        }
        registry.makeGauge(name: "knowledge_base_info", labels: [("version", version)], help: help).set(1.0)
    }

    /// Counts a recommendation by its grading decision.
    func recommended(grading: String) {
        registry.makeCounter(name: "recommendations_total", labels: [("grading", grading)], help: "Recommendations by grading decision.")
            .increment()
    }

    /// Counts a CDS Hooks feedback entry.
    func feedback(service: String, outcome: String) {
        registry.makeCounter(
            name: "cds_feedback_total",
            labels: [("service", service), ("outcome", outcome)],
            help: "CDS Hooks card feedback by service and outcome."
        ).increment()
    }
}
