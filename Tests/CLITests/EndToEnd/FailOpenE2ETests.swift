// FailOpenE2ETests: with OPA_URL set, an OPA that cannot answer usably — a closed port, an
// answer slower than OPA_TIMEOUT_MS, a 500 — never blocks traffic, even in enforce mode:
// the request passes untouched and its audit entry says decisionSource
// "opa-unavailable". A healthy OPA with the same bundle does block (the control case).
import Foundation
import Testing

@Suite(.enabled(if: E2ETools.areAvailable, E2ETools.reason))
struct FailOpenE2ETests {
    static let violating = behaviourHeaders(guardrails: ["topic-filter"], tools: ["delete-workout"])

    /// Sends a violating request through an enforcing sidecar that decides on `opaURL`.
    static func check(_ h: E2EHarness, opaURL: String, timeoutMs: Int = 500,
                      expectFailOpen: Bool) async throws -> (reply: HTTPReply, entry: [String: Any], elapsed: Double, sidecar: SidecarHandle) {
        let up = try await h.upstream()
        let sc = try await h.sidecar(upstream: up.url, env: ["OPA_URL": opaURL, "OPA_PROXY_MODE": "enforce",
                                                             "OPA_TIMEOUT_MS": String(timeoutMs)])
        let started = Date()
        let r = try await Curl.request(sc.proxy + "/chat", method: "POST", headers: [violating, "X-Request-Id: fo-1"],
                                       body: Data("hi".utf8))
        let elapsed = Date().timeIntervalSince(started)
        let e = try await h.entry(sc, "fo-1")
        if expectFailOpen {
            #expect(r.status == 200, "fail-open must not block: \(r)")
            #expect(try r.object().string("body") == "hi")
            #expect(r.header("X-AgentSpec-OPA-Violations") == nil)
            #expect(e.string("decisionSource") == "opa-unavailable", "\(e)")
            #expect(e.strings("opaViolations") == [])
            #expect(e["opaBlocked"] as? Bool == false)
            #expect(e["behavioralCompliant"] == nil, "no decision was made: \(e)")
            let metrics = try await Curl.request(sc.control + "/agentspec/metrics").text
            #expect(metrics.contains("agentspec_opa_fallbacks_total 1\n"), "\(metrics)")
            #expect(metrics.contains("agentspec_decisions_total{source=\"opa-unavailable\",outcome=\"compliant\"} 1\n"))
            #expect(sc.process.stderr.contains("\"level\":\"warn\",\"msg\":\"remote OPA unavailable; decisions fall back"),
                    "an outage is logged at warn on stderr: \(sc.process.stderr)")
        }
        return (r, e, elapsed, sc)
    }

    @Test func aClosedOPAPortFailsOpen() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let closed = try ClosedPort()
        defer { withExtendedLifetime(closed) {} }
        _ = try await Self.check(h, opaURL: closed.url, expectFailOpen: true)
    }

    @Test(.enabled(if: OPAAvailability.isAvailable, OPAAvailability.reason))
    func aSlowOPAFailsOpenAtTheTimeout() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let opa = try await h.opa([try await h.policyBundle()], delayMs: 3000)
        let result = try await Self.check(h, opaURL: opa.url, timeoutMs: 200, expectFailOpen: true)
        #expect(result.elapsed < 2.5, "OPA_TIMEOUT_MS=200 but the answer took \(result.elapsed) s")
    }

    @Test(.enabled(if: OPAAvailability.isAvailable, OPAAvailability.reason))
    func anOPAAnswering500FailsOpen() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let opa = try await h.opa([try await h.policyBundle()], failStatus: 500)
        _ = try await Self.check(h, opaURL: opa.url, expectFailOpen: true)
    }

    @Test(.enabled(if: OPAAvailability.isAvailable, OPAAvailability.reason))
    func aHealthyOPABlocksTheSameRequest() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let opa = try await h.opa([try await h.policyBundle()])
        let result = try await Self.check(h, opaURL: opa.url, timeoutMs: 5000, expectFailOpen: false)
        #expect(result.reply.status == 403)
        #expect(result.entry.string("decisionSource") == "opa")
        #expect(result.entry.strings("opaViolations") == ["destructive_tool_without_confirmation", "prompt_injection_not_invoked"])
        let explore = try await Curl.request(result.sidecar.control + "/agentspec/explore").object()
        #expect(explore.object("policy")?.string("source") == "opa")
    }
}
