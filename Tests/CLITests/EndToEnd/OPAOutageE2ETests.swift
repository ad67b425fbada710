// OPAOutageE2ETests: a remote OPA that cannot decide must not look healthy. While
// decisions fall back, readiness is `degraded` (a warning check named opa), entries
// decided `opa-unavailable` carry no behavioralCompliant, and one warning line is logged
// for the whole outage, one info line when OPA answers again. OPA_FAIL_MODE=closed turns
// such a decision into a 503 PolicyUnavailable in enforce mode (track mode still passes).
import Foundation
import Testing

@Suite(.enabled(if: E2ETools.areAvailable, E2ETools.reason))
struct OPAOutageE2ETests {
    static let violating = behaviourHeaders(guardrails: ["topic-filter"], tools: ["delete-workout"])

    static func ready(_ sc: SidecarHandle) async throws -> (status: String?, opa: [String: Any]?) {
        let r = try await Curl.request(sc.control + "/agentspec/health/ready")
        let body = try r.object()
        return (body.string("status"), body.objects("checks")?.first { $0.string("id") == "opa" })
    }

    static func lines(_ text: String, _ message: String) -> [[String: Any]] {
        text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            .filter { $0.string("msg") == message }
    }

    static let outageMessage = "remote OPA unavailable; decisions fall back until it answers again"
    static let recoveryMessage = "remote OPA answering again"

    @Test(.enabled(if: OPAAvailability.isAvailable, OPAAvailability.reason))
    func anOutageIsDegradedLoggedOnceAndEndsWhenOPAAnswers() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let opaPort = try freePort()
        let up = try await h.upstream()
        let sc = try await h.sidecar(upstream: up.url, env: ["OPA_URL": "http://127.0.0.1:\(opaPort)", "OPA_TIMEOUT_MS": "2000"])
        let before = try await Self.ready(sc)
        #expect(before.status == "ready" && before.opa?.string("status") == "pass", "\(before)")

        for i in 1...5 {
            let r = try await Curl.request(sc.proxy + "/chat", headers: [Self.violating, "X-Request-Id: down-\(i)"])
            #expect(r.status == 200 && r.header("X-AgentSpec-OPA-Violations") == nil, "fail-open: \(r)")
            let e = try await h.entry(sc, "down-\(i)")
            #expect(e.string("decisionSource") == "opa-unavailable")
            #expect(e["behavioralCompliant"] == nil, "unknown, not compliant: \(e)")
        }
        let during = try await Self.ready(sc)
        #expect(during.status == "degraded", "\(during)")
        #expect(during.opa?.string("status") == "warn" && during.opa?.string("severity") == "warning")
        #expect(during.opa?.string("message")?.contains("5 decision(s) fell back") == true, "\(during)")
        let warnings = Self.lines(sc.process.stderr, Self.outageMessage)
        #expect(warnings.count == 1, "one line for the outage, not one per request: \(sc.process.stderr)")
        #expect(warnings.first?.string("level") == "warn")

        _ = try await h.opa([try await h.policyBundle()], port: opaPort)
        let back = try await Curl.request(sc.proxy + "/chat", headers: [Self.violating, "X-Request-Id: up-1"])
        #expect(back.header("X-AgentSpec-OPA-Violations") == "destructive_tool_without_confirmation,prompt_injection_not_invoked")
        let recovered = try await poll("the recovery line") { () -> [String: Any]? in
            Self.lines(sc.process.stdout, Self.recoveryMessage).first
        }
        #expect(recovered.string("level") == "info" && recovered.int("fallbacks") == 5, "\(recovered)")
        #expect(try await h.entry(sc, "up-1")["behavioralCompliant"] as? Bool == false)
        let after = try await Self.ready(sc)
        #expect(after.status == "ready" && after.opa?.string("status") == "pass", "\(after)")
        #expect(Self.lines(sc.process.stderr, Self.outageMessage).count == 1)
    }

    @Test(arguments: [("enforce", 503), ("track", 200)])
    func failClosedBlocksOnlyInEnforceMode(mode: String, status: Int) async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let up = try await h.upstream()
        let closedOPA = try ClosedPort()
        defer { withExtendedLifetime(closedOPA) {} }
        let sc = try await h.sidecar(upstream: up.url, env: ["OPA_URL": closedOPA.url,
                                                             "OPA_PROXY_MODE": mode, "OPA_FAIL_MODE": "closed"])
        let r = try await Curl.request(sc.proxy + "/chat", headers: [Self.violating, "X-Request-Id: closed-1"])
        #expect(r.status == status, "\(mode): \(r)")
        #expect(r.headerNames.filter { $0.hasPrefix("x-agentspec-") }.isEmpty)
        let e = try await h.entry(sc, "closed-1")
        #expect(e.string("decisionSource") == "opa-unavailable" && e["behavioralCompliant"] == nil)
        #expect(e["opaBlocked"] as? Bool == (mode == "enforce"))
        #expect(e.int("statusCode") == status)
        if mode == "enforce" {
            let body = try r.object()
            #expect(body.string("error") == "PolicyUnavailable" && body["blocked"] as? Bool == true)
            #expect(body.string("requestId") == "closed-1" && r.header("X-Request-Id") == "closed-1")
            #expect(body["method"] == nil, "none of the agent's answer: \(body)")
        }
        // A request that reports nothing is not decided, so it passes either way.
        #expect(try await Curl.request(sc.proxy + "/quiet").status == 200)
    }
}
