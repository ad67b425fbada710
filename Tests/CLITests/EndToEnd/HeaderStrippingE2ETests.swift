// HeaderStrippingE2ETests: X-AgentSpec-* headers are the agent's voice to the sidecar only.
// A client's spoofed X-AgentSpec-* request headers never reach the agent (nor sway the
// decision), and the agent's behavioural headers never reach the client, in every mode.
// Spellings with underscores count too: CGI, WSGI and Rack read `X_AgentSpec_User_Confirmed`
// and `X-AgentSpec-User-Confirmed` as the same variable (HTTP_X_AGENTSPEC_USER_CONFIRMED).
import Foundation
import Testing

@Suite(.enabled(if: E2ETools.areAvailable, E2ETools.reason))
struct HeaderStrippingE2ETests {
    static let spoofed = [
        "X-AgentSpec-Guardrails-Invoked: topic-filter,prompt-injection", "X-AgentSpec-Tools-Called: delete-workout",
        "X-AgentSpec-User-Confirmed: true", "X-AgentSpec-OPA-Violations: none", "x-agentspec-anything: lower-case",
        "X_AgentSpec_User_Confirmed: true", "x_agentspec-tools-called: delete-workout", "X-AGENTSPEC_GUARDRAILS_INVOKED: pii-detector",
    ]

    @Test func spoofedClientHeadersNeverReachTheAgentNorTheDecision() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let up = try await h.upstream()
        let sc = try await h.sidecar(upstream: up.url)
        // The agent reports only topic-filter; the client claims both guardrails ran.
        let reported = #"X-Test-Respond: [["X-AgentSpec-Guardrails-Invoked","topic-filter"]]"#
        let r = try await Curl.request(sc.proxy + "/spoof", headers: Self.spoofed + [reported, "X-Request-Id: spoof-1"])
        #expect(r.status == 200)
        let names = (try r.object()["headers"] as? [[String]] ?? []).map { $0[0].lowercased() }
        #expect(!names.contains { $0.replacingOccurrences(of: "_", with: "-").hasPrefix("x-agentspec-") },
                "the agent received \(names)")
        #expect(r.header("X-AgentSpec-OPA-Violations") == "prompt_injection_not_invoked")
        let entry = try await h.entry(sc, "spoof-1")
        #expect(entry.strings("guardrailsInvoked") == ["topic-filter"])
        #expect(entry["toolsCalled"] == nil)

        // With nothing reported by the agent, the client's claims start no decision at all.
        let quiet = try await Curl.request(sc.proxy + "/spoof", headers: Self.spoofed + ["X-Request-Id: spoof-2"])
        #expect(quiet.status == 200)
        #expect(quiet.header("X-AgentSpec-OPA-Violations") == nil)
        let quietEntry = try await h.entry(sc, "spoof-2")
        #expect(quietEntry["decisionSource"] == nil && quietEntry["guardrailsInvoked"] == nil, "\(quietEntry)")
    }

    @Test(arguments: ["track", "enforce", "off"])
    func theAgentsBehaviourHeadersNeverReachTheClient(_ mode: String) async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let up = try await h.upstream()
        let sc = try await h.sidecar(upstream: up.url, env: ["OPA_PROXY_MODE": mode])
        // Compliant behaviour (so enforce forwards), repeated headers, and a verdict header
        // the agent has no right to set.
        let respond = #"[["X-AgentSpec-Guardrails-Invoked","topic-filter"],["X-AgentSpec-Guardrails-Invoked","prompt-injection"],"#
            + #"["X-AgentSpec-Tools-Called","delete-workout"],["X-AgentSpec-User-Confirmed","true"],"#
            + #"["X-AgentSpec-OPA-Violations","forged"],["X-AgentSpec-Debug","internal"],["x-agentspec-session","s-1"],"#
            + #"["X-Agent-Other","kept"]]"#
        let r = try await Curl.request(sc.proxy + "/strip", headers: ["X-Test-Respond: \(respond)"])
        #expect(r.status == 200, "\(mode): \(r)")
        #expect(r.headerNames.filter { $0.hasPrefix("x-agentspec-") }.isEmpty, "\(mode): the client saw \(r.headers)")
        #expect(r.values("X-Agent-Other") == ["kept"])
        // Without any behaviour header the agent's other X-AgentSpec-* fields go too.
        let quiet = try await Curl.request(sc.proxy + "/strip", headers: [
            #"X-Test-Respond: [["X-AgentSpec-Debug","internal"],["X-AGENTSPEC-Trace","t"],["X-Agent-Other","kept"]]"#])
        #expect(quiet.headerNames.filter { $0.hasPrefix("x-agentspec-") }.isEmpty, "\(mode): the client saw \(quiet.headers)")
        #expect(quiet.values("X-Agent-Other") == ["kept"])
    }

    @Test func theExampleAgentsConfirmationHeaderIsStripped() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let (_, sc) = try await h.exampleStack()
        let r = try await Curl.request(sc.proxy + "/v1/chat", method: "POST",
                                       headers: ["Content-Type: application/json", "X-User-Confirmed: true"],
                                       body: try jsonBody(["message": "delete my last workout"]))
        #expect(r.status == 200)
        #expect(r.headerNames.filter { $0.hasPrefix("x-agentspec-") }.isEmpty, "\(r.headers)")
        #expect(try r.object().strings("tools") == ["delete-workout"])
    }
}
