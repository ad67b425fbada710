// Metrics: decisions are counted per source and outcome, and the latency histogram is
// stored per bucket but rendered cumulative, with +Inf equal to the count.
import Testing
@testable import Sidecar

@Suite struct MetricsTests {
    static func samples(_ text: String) -> [String: Double] {
        var out: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: " ")
            if parts.count == 2, let v = Double(parts[1]) { out[String(parts[0])] = v }
        }
        return out
    }

    @Test func histogramIsCumulativeAndDecisionsAreKeyedBySourceAndOutcome() {
        let metrics = Metrics()
        metrics.countDecision(Decision(violations: [], source: .embedded, nanoseconds: 800), blocked: false)
        metrics.countDecision(Decision(violations: ["a"], source: .embedded, nanoseconds: 3_000), blocked: true)
        metrics.countDecision(Decision(violations: ["a", "b"], source: .opa, nanoseconds: 2_000_000), blocked: false)
        metrics.countDecision(Decision(violations: [], source: .opaUnavailable, nanoseconds: 5_000_000_000), blocked: false)
        let s = Self.samples(metrics.render(gauges: []))
        #expect(s["agentspec_decision_duration_seconds_bucket{le=\"1e-06\"}"] == 1)
        #expect(s["agentspec_decision_duration_seconds_bucket{le=\"5e-06\"}"] == 2)
        #expect(s["agentspec_decision_duration_seconds_bucket{le=\"0.001\"}"] == 2)
        #expect(s["agentspec_decision_duration_seconds_bucket{le=\"0.005\"}"] == 3)
        #expect(s["agentspec_decision_duration_seconds_bucket{le=\"1\"}"] == 3, "5 s is above every bound")
        #expect(s["agentspec_decision_duration_seconds_bucket{le=\"+Inf\"}"] == 4)
        #expect(s["agentspec_decision_duration_seconds_count"] == 4)
        #expect(s["agentspec_decisions_total{source=\"embedded\",outcome=\"compliant\"}"] == 1)
        #expect(s["agentspec_decisions_total{source=\"embedded\",outcome=\"blocked\"}"] == 1)
        #expect(s["agentspec_decisions_total{source=\"opa\",outcome=\"violation\"}"] == 1)
        #expect(s["agentspec_decisions_total{source=\"opa-unavailable\",outcome=\"compliant\"}"] == 1)
        #expect(s["agentspec_decisions_total{source=\"opa\",outcome=\"compliant\"}"] == nil, "no zero series")
        #expect(s["agentspec_violations_total{id=\"a\"}"] == 2)
        #expect(s["agentspec_opa_fallbacks_total"] == 1)
    }

    @Test func requestsAreCountedByStatusInOrder() {
        let metrics = Metrics()
        for status in [200, 200, 503, 0, 404, 200] { metrics.countRequest(status: status) }
        let lines = metrics.render(gauges: []).split(separator: "\n").filter { $0.hasPrefix("agentspec_requests_total{") }
        #expect(lines == ["agentspec_requests_total{status=\"0\"} 1", "agentspec_requests_total{status=\"200\"} 3",
                          "agentspec_requests_total{status=\"404\"} 1", "agentspec_requests_total{status=\"503\"} 1"])
    }
}
