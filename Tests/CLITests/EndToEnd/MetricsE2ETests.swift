// MetricsE2ETests: GET /agentspec/metrics is Prometheus text that counts what really
// happened — requests by status, decisions by source and outcome, violations by id, the
// decision latency histogram (cumulative buckets, +Inf equal to the count) and events.
import Foundation
import Testing

@Suite(.enabled(if: E2ETools.areAvailable, E2ETools.reason))
struct MetricsE2ETests {
    /// `name{labels} value` lines as a dictionary.
    static func samples(_ text: String) -> [String: Double] {
        var out: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let v = Double(line[line.index(after: space)...]) else { continue }
            out[String(line[..<space])] = v
        }
        return out
    }

    @Test func countsRequestsDecisionsViolationsAndLatency() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let up = try await h.upstream()
        let sc = try await h.sidecar(upstream: up.url, env: ["OPA_PROXY_MODE": "enforce"])
        let compliant = behaviourHeaders(guardrails: ["topic-filter,prompt-injection"])
        let violating = behaviourHeaders(guardrails: ["topic-filter"])
        #expect(try await Curl.request(sc.proxy + "/a", headers: [compliant, "X-Request-Id: m-1"]).status == 200)
        #expect(try await Curl.request(sc.proxy + "/b", headers: [violating]).status == 403)
        #expect(try await Curl.request(sc.proxy + "/c").status == 200)
        #expect(try await Curl.request(sc.proxy + "/d", headers: ["X-Test-Status: 404"]).status == 404)
        _ = try await h.entry(sc, "m-1")
        let ev = try await Curl.request(sc.control + "/agentspec/events", method: "POST",
                                        body: try jsonBody(["requestId": "m-1", "events": [["type": "tool", "name": "delete-workout"]]]))
        #expect(ev.status == 200)
        _ = try await Curl.request(sc.control + "/agentspec/events", method: "POST", body: Data(#"{"events":[]}"#.utf8))

        let r = try await poll("four requests in the metrics") { () -> HTTPReply? in
            let r = try await Curl.request(sc.control + "/agentspec/metrics")
            return Self.samples(r.text)["agentspec_requests_total{status=\"404\"}"] == 1 ? r : nil
        }
        #expect(r.status == 200)
        #expect(r.header("Content-Type")?.hasPrefix("text/plain; version=0.0.4") == true)
        let s = Self.samples(r.text)
        #expect(s["agentspec_requests_total{status=\"200\"}"] == 2)
        #expect(s["agentspec_requests_total{status=\"403\"}"] == 1)
        #expect(s["agentspec_decisions_total{source=\"embedded\",outcome=\"compliant\"}"] == 1)
        #expect(s["agentspec_decisions_total{source=\"embedded\",outcome=\"blocked\"}"] == 1)
        #expect(s["agentspec_decisions_total{source=\"embedded\",outcome=\"violation\"}"] == 1, "the events' re-decision")
        #expect(s["agentspec_violations_total{id=\"prompt_injection_not_invoked\"}"] == 1)
        #expect(s["agentspec_violations_total{id=\"destructive_tool_without_confirmation\"}"] == 1)
        #expect(s["agentspec_opa_fallbacks_total"] == 0)
        #expect(s["agentspec_events_total{result=\"applied\"}"] == 1)
        #expect(s["agentspec_events_total{result=\"rejected\"}"] == 1)
        #expect(s["agentspec_audit_ring_entries"] == 4)

        let count = try #require(s["agentspec_decision_duration_seconds_count"])
        #expect(count == 3)
        #expect(s["agentspec_decision_duration_seconds_bucket{le=\"+Inf\"}"] == count)
        let buckets = r.text.split(separator: "\n").filter { $0.hasPrefix("agentspec_decision_duration_seconds_bucket{") }
            .compactMap { $0.split(separator: " ").last.flatMap { Double($0) } }
        #expect(buckets.count >= 2)
        #expect(zip(buckets, buckets.dropFirst()).allSatisfy { $0 <= $1 }, "buckets are cumulative: \(buckets)")
        #expect((s["agentspec_decision_duration_seconds_sum"] ?? -1) >= 0)
        for family in ["agentspec_requests_total", "agentspec_decisions_total", "agentspec_decision_duration_seconds"] {
            #expect(r.text.contains("# TYPE \(family) "), "\(family) has a TYPE line")
        }
    }
}
