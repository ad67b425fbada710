// ModeE2ETests: OPA_PROXY_MODE on the proxy, each with and without violations. track names
// violations in X-AgentSpec-OPA-Violations and forwards; enforce replaces a violating
// answer with the contract's 403 (none of the agent's headers or body); off decides
// nothing. The audit ring records what happened either way.
import Foundation
import Testing

@Suite(.enabled(if: E2ETools.areAvailable, E2ETools.reason))
struct ModeE2ETests {
    static let compliant = behaviourHeaders(guardrails: ["topic-filter, prompt-injection"], extra: [("X-Agent-Secret", "s")])
    static let violating = behaviourHeaders(guardrails: ["topic-filter"], tools: ["delete-workout"],
                                            extra: [("X-Agent-Secret", "s"), ("Set-Cookie", "session=1")])
    static let violations = ["destructive_tool_without_confirmation", "prompt_injection_not_invoked"]

    @Test(arguments: ["track", "enforce", "off"])
    func withoutViolationsTheAgentsAnswerPasses(_ mode: String) async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let up = try await h.upstream()
        let sc = try await h.sidecar(upstream: up.url, env: ["OPA_PROXY_MODE": mode])
        let r = try await Curl.request(sc.proxy + "/ok", method: "POST", headers: [Self.compliant, "X-Request-Id: ok-1"],
                                       body: Data("hello".utf8))
        #expect(r.status == 200)
        #expect(try r.object().string("body") == "hello")
        #expect(r.header("X-AgentSpec-OPA-Violations") == nil)
        #expect(r.values("X-Agent-Secret") == ["s"])
        let e = try await h.entry(sc, "ok-1")
        #expect(e.strings("guardrailsInvoked") == ["topic-filter", "prompt-injection"])
        if mode == "off" {
            #expect(e["decisionSource"] == nil && e["opaViolations"] == nil && e["opaBlocked"] == nil, "off decides nothing: \(e)")
        } else {
            #expect(e.strings("opaViolations") == [])
            #expect(e["behavioralCompliant"] as? Bool == true)
            #expect(e.string("decisionSource") == "embedded")
            #expect(e["opaBlocked"] as? Bool == false)
        }
    }

    @Test(arguments: ["track", "enforce", "off"])
    func withViolationsEachModeDoesItsOwnThing(_ mode: String) async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let up = try await h.upstream()
        let sc = try await h.sidecar(upstream: up.url, env: ["OPA_PROXY_MODE": mode])
        let r = try await Curl.request(sc.proxy + "/bad?x=1", method: "POST", headers: [Self.violating, "X-Request-Id: bad-1"],
                                       body: Data("hello".utf8))
        let e = try await h.entry(sc, "bad-1")
        #expect(up.process.stdout.contains("received POST /bad?x=1"), "the agent always processes the request")
        #expect(e.string("path") == "/bad?x=1")
        #expect(e.strings("toolsCalled") == ["delete-workout"])
        switch mode {
        case "track":
            #expect(r.status == 200)
            #expect(try r.object().string("body") == "hello")
            #expect(r.header("X-AgentSpec-OPA-Violations") == Self.violations.joined(separator: ","))
            #expect(r.values("X-Agent-Secret") == ["s"])
            #expect(e.strings("opaViolations") == Self.violations)
            #expect(e["behavioralCompliant"] as? Bool == false)
            #expect(e["opaBlocked"] as? Bool == false)
            #expect(e.int("statusCode") == 200)
        case "enforce":
            #expect(r.status == 403)
            #expect(r.header("Content-Type") == "application/json")
            #expect(r.header("X-AgentSpec-OPA-Violations") == Self.violations.joined(separator: ","))
            #expect(r.header("X-Request-Id") == "bad-1")
            #expect(r.values("X-Agent-Secret").isEmpty && r.values("Set-Cookie").isEmpty, "agent headers leaked: \(r.headers)")
            let allowed: Set<String> = ["content-type", "content-length", "x-agentspec-opa-violations", "x-request-id",
                                        "connection", "date", "keep-alive"]
            #expect(r.headerNames.subtracting(allowed).isEmpty, "unexpected headers on the 403: \(r.headers)")
            let expected: [String: Any] = ["error": "PolicyViolation", "blocked": true, "violations": Self.violations,
                                           "message": "Request blocked by OPA policy: " + Self.violations.joined(separator: ", ")]
            #expect(NSDictionary(dictionary: try r.object()).isEqual(to: expected), "403 body: \(r.text)")
            #expect(e["opaBlocked"] as? Bool == true)
            #expect(e.strings("opaViolations") == Self.violations)
            #expect(e.int("statusCode") == 403)
        default:
            #expect(r.status == 200)
            #expect(r.header("X-AgentSpec-OPA-Violations") == nil)
            #expect(r.headerNames.filter { $0.hasPrefix("x-agentspec-") }.isEmpty)
            #expect(e["decisionSource"] == nil && e["opaViolations"] == nil, "off decides nothing: \(e)")
        }
    }

    @Test func theAgentsListsAreTrimmedMergedAndDeduplicated() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let up = try await h.upstream()
        let sc = try await h.sidecar(upstream: up.url)
        let messy = behaviourHeaders(guardrails: [" topic-filter ,, ", "prompt-injection,topic-filter"],
                                     tools: ["delete-workout", " "], confirmed: true)
        let r = try await Curl.request(sc.proxy + "/messy", headers: [messy, "X-Request-Id: messy-1"])
        #expect(r.status == 200)
        #expect(r.header("X-AgentSpec-OPA-Violations") == nil, "confirmed delete with both guardrails is compliant: \(r)")
        let e = try await h.entry(sc, "messy-1")
        #expect(e.strings("guardrailsInvoked") == ["topic-filter", "prompt-injection"])
        #expect(e.strings("toolsCalled") == ["delete-workout"])
        #expect(e.strings("opaViolations") == [])
    }

    @Test func enforceWithTheExampleAgentBlocksAnUnconfirmedDelete() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let (_, sc) = try await h.exampleStack(env: ["OPA_PROXY_MODE": "enforce"])
        func chat(_ message: String, _ headers: [String] = []) async throws -> HTTPReply {
            try await Curl.request(sc.proxy + "/v1/chat", method: "POST", headers: ["Content-Type: application/json"] + headers,
                                   body: try jsonBody(["message": message]))
        }
        let blocked = try await chat("delete my last workout")
        #expect(blocked.status == 403)
        #expect(try blocked.object().strings("violations") == ["destructive_tool_without_confirmation"])
        let confirmed = try await chat("delete my last workout", ["X-User-Confirmed: true"])
        #expect(confirmed.status == 200)
        #expect(try confirmed.object().string("reply") == "Deleted your last workout.")
        let fast = try await chat("a fast plan")
        #expect(fast.status == 403)
        #expect(fast.header("X-AgentSpec-OPA-Violations") == "prompt_injection_not_invoked")
        let plain = try await Curl.request(sc.proxy + "/v1/workouts")
        #expect(plain.status == 200, "no behaviour headers, nothing to decide: \(plain)")
    }

    @Test func aBlockedLargeAnswerKeepsBothConnectionsUsable() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let up = try await h.upstream()
        let sc = try await h.sidecar(upstream: up.url, env: ["OPA_PROXY_MODE": "enforce"])
        // The agent's 2 MB answer is discarded for the 403; the next answers must be intact.
        let violating = ["X-Test-Pad": "2000000", "X-Test-Respond": #"[["X-AgentSpec-Guardrails-Invoked","topic-filter"]]"#]
        let plain = ["X-Test-Pad": "1000"]
        let requests = [violating, plain, violating, plain, plain].enumerated().map { i, headers in
            String(decoding: (try? JSONSerialization.data(withJSONObject: ["path": "/ka\(i)", "headers": headers])) ?? Data(), as: UTF8.self)
        }
        let client = try h.streamClient(["keepalive", sc.proxy] + requests)
        #expect(await client.exitStatus(within: 20) == 0, "\(client.output)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(client.stdout.utf8)) as? [[Int]], "\(client.output)")
        #expect(rows.map { $0[0] } == [403, 200, 403, 200, 200])
        #expect(Set(rows.map { $0[1] }).count == 1, "one client connection throughout: \(rows)")
        #expect(rows[1][2] > 1000 && rows[1][2] == rows[3][2], "the plain answers are complete: \(rows)")
        #expect(rows[3][3] != 0 && rows[3][3] == rows[4][3], "back-to-back requests reuse the kept-alive agent connection: \(rows)")
        for i in 0..<5 { #expect(up.process.stdout.contains("received GET /ka\(i)")) }
    }
}
