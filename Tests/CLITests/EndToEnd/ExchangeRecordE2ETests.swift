// ExchangeRecordE2ETests: what the response hook learns about a request travels with
// that request's own exchange. A client that leaves while its remote decision is pending
// leaves nothing behind, and a later request with the same X-Request-Id inherits none of
// its guardrails, tools or decision.
import Foundation
import Testing

@Suite(.enabled(if: E2ETools.areAvailable, E2ETools.reason))
struct ExchangeRecordE2ETests {
    @Test(.enabled(if: OPAAvailability.isAvailable, OPAAvailability.reason))
    func aClientThatLeavesDuringARemoteDecisionLeavesNothingBehind() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let opa = try await h.opa([try await h.policyBundle()], delayMs: 1500)
        let up = try await h.upstream()
        let sc = try await h.sidecar(upstream: up.url, env: ["OPA_URL": opa.url, "OPA_TIMEOUT_MS": "10000"])
        let reported = behaviourHeaders(guardrails: ["topic-filter"], tools: ["delete-workout"])
        // The client gives up after half a second; OPA answers after one and a half.
        await #expect(throws: (any Error).self) {
            try await Curl.request(sc.proxy + "/chat", headers: [reported, "X-Request-Id: reused-1"], maxTime: 0.5)
        }
        _ = try await poll("OPA's late decision", timeout: 15) { () -> Bool? in
            sc.process.stdout.contains("\"msg\":\"policy violations\",\"requestId\":\"reused-1\"") ? true : nil
        }
        let quiet = try await Curl.request(sc.proxy + "/quiet", headers: ["X-Request-Id: reused-1"])
        #expect(quiet.status == 200 && quiet.header("X-AgentSpec-OPA-Violations") == nil)
        let entries = try await poll("both entries") { () -> [[String: Any]]? in
            let all = try await h.audit(sc).filter { $0.string("requestId") == "reused-1" }
            return all.count == 2 ? all : nil
        }
        #expect(entries[0].int("statusCode") == 0, "the client left before any response: \(entries[0])")
        #expect(entries[1].int("statusCode") == 200)
        for entry in entries {
            #expect(entry["toolsCalled"] == nil && entry["guardrailsInvoked"] == nil && entry["decisionSource"] == nil,
                    "nothing carries over: \(entry)")
        }
        let explain = try await Curl.request(sc.control + "/agentspec/explain/reused-1").object()
        #expect(explain.object("entry")?["decisionSource"] == nil, "\(explain)")
    }
}
