// EventsE2ETests: POST /agentspec/events (EventPush). Bad bodies, a requestId the proxy
// would never keep included, are 400 (413 past 64 KiB); a batch that would take one
// request's behaviour past 64 KiB is refused whole with a 413 that says so; events for a
// request the ring does not hold yet are 202 and applied when the request lands (early or
// while it is in flight); events for a held request are 200 with the decision re-made
// over headers and events together, whatever OPA_PROXY_MODE says.
import Foundation
import Testing

@Suite(.enabled(if: E2ETools.areAvailable, E2ETools.reason))
struct EventsE2ETests {
    static func post(_ sc: SidecarHandle, _ body: Data) async throws -> HTTPReply {
        try await Curl.request(sc.control + "/agentspec/events", method: "POST", headers: ["Content-Type: application/json"], body: body)
    }

    static func post(_ sc: SidecarHandle, _ id: String, _ events: [[String: Any]]) async throws -> HTTPReply {
        try await post(sc, try jsonBody(["requestId": id, "agentName": "gymcoach", "events": events]))
    }

    @Test func badBodiesAreRejected() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let sc = try await h.sidecar(upstream: try await h.upstream().url)
        let tooMany = try jsonBody(["requestId": "x", "events": Array(repeating: ["type": "tool", "name": "t"], count: 501)])
        let cases: [(String, Data, Int)] = [
            ("missing requestId", Data(#"{"events":[]}"#.utf8), 400),
            ("empty requestId", Data(#"{"requestId":"","events":[]}"#.utf8), 400),
            ("events not an array", Data(#"{"requestId":"x","events":{"type":"tool"}}"#.utf8), 400),
            ("more than 500 events", tooMany, 400),
            ("malformed JSON", Data(#"{"requestId": "x", "events": [}"#.utf8), 400),
            ("not an object", Data("[1,2]".utf8), 400),
            ("unknown event type", Data(#"{"requestId":"x","events":[{"type":"telepathy"}]}"#.utf8), 400),
            ("tool without a name", Data(#"{"requestId":"x","events":[{"type":"tool"}]}"#.utf8), 400),
            ("over 64 KiB", Data(("{\"requestId\":\"x\",\"pad\":\"" + String(repeating: "p", count: 70_000) + "\",\"events\":[]}").utf8), 413),
            ("a request id the proxy would never keep", try jsonBody(["requestId": String(repeating: "r", count: 60_000), "events": []]), 400),
            ("a request id with a space", try jsonBody(["requestId": "a b", "events": []]), 400),
        ]
        for (why, body, status) in cases {
            let r = try await Self.post(sc, body)
            #expect(r.status == status, "\(why): \(r)")
            #expect((try? r.object().string("error")) != nil, "\(why): the answer is JSON with an error: \(r.text)")
        }
        let exactly500 = try await Self.post(sc, try jsonBody(["requestId": "x500", "events": Array(repeating: ["type": "tool", "name": "t"], count: 500)]))
        #expect(exactly500.status == 202, "500 events are allowed: \(exactly500)")
        let malformed = try await Self.post(sc, Data(#"{"requestId": "x", "events": [}"#.utf8))
        #expect((try malformed.object().string("message") ?? "").contains("1:"), "the parser's position: \(malformed.text)")
        #expect(try await Curl.request(sc.control + "/agentspec/events").status == 405)
    }

    @Test func eventsThatArriveFirstAreHeldAndAppliedWhenTheRequestLands() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let sc = try await h.sidecar(upstream: try await h.upstream().url)
        let held = try await Self.post(sc, "early-1", [["type": "tool", "name": "delete-workout", "success": true, "latencyMs": 12],
                                                      ["type": "guardrail", "guardrailType": "prompt-injection", "invoked": true]])
        #expect(held.status == 202)
        #expect(NSDictionary(dictionary: try held.object()).isEqual(to: ["requestId": "early-1", "found": false]), "\(held.text)")
        let r = try await Curl.request(sc.proxy + "/chat", headers: [behaviourHeaders(guardrails: ["topic-filter"]), "X-Request-Id: early-1"])
        #expect(r.header("X-AgentSpec-OPA-Violations") == "destructive_tool_without_confirmation",
                "held events count in the request's own decision: \(r)")
        let e = try await h.entry(sc, "early-1")
        #expect(e.strings("toolsCalled") == ["delete-workout"])
        #expect(Set(e.strings("guardrailsInvoked") ?? []) == ["topic-filter", "prompt-injection"])
        #expect(e.strings("opaViolations") == ["destructive_tool_without_confirmation"])

        // A request that reports nothing itself still gets its held events, after it ends.
        #expect(try await Self.post(sc, "early-2", [["type": "guardrail", "guardrailType": "topic-filter", "invoked": true]]).status == 202)
        _ = try await Curl.request(sc.proxy + "/quiet", headers: ["X-Request-Id: early-2"])
        let quiet = try await h.entry(sc, "early-2") { $0["decisionSource"] != nil }
        #expect(quiet.strings("guardrailsInvoked") == ["topic-filter"])
        #expect(quiet.strings("opaViolations") == ["prompt_injection_not_invoked"])
    }

    /// 500 tool events with 60-byte names no other batch uses (about 54 KB once held).
    static func bigBatch(_ tag: String) -> [[String: Any]] {
        (0..<500).map { i in ["type": "tool", "name": "\(tag)-\(i)-" + String(repeating: "n", count: 50)] }
    }

    @Test func oneRequestsEventsAreBoundedAndARefusalSaysSo() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let sc = try await h.sidecar(upstream: try await h.upstream().url)
        // Not in the ring yet: the first batch is held, the second would pass 64 KiB.
        #expect(try await Self.post(sc, "bound-1", Self.bigBatch("a")).status == 202)
        let refused = try await Self.post(sc, "bound-1", Self.bigBatch("b"))
        #expect(refused.status == 413, "\(refused)")
        let body = try refused.object()
        #expect(body.string("error") == "ContentTooLarge" && body.string("requestId") == "bound-1" && body["found"] as? Bool == false)
        #expect(body.string("message")?.contains("65536") == true && body.string("message")?.contains("not held") == true, "\(body)")
        // Repeating what is held takes no room; the held batch lands with its request.
        #expect(try await Self.post(sc, "bound-1", Self.bigBatch("a")).status == 202)
        _ = try await Curl.request(sc.proxy + "/chat", headers: ["X-Request-Id: bound-1"])
        let entry = try await h.entry(sc, "bound-1") { $0["toolsCalled"] != nil }
        #expect(entry.strings("toolsCalled")?.count == 500)
        #expect(entry.strings("toolsCalled")?.allSatisfy { $0.hasPrefix("a-") } == true)

        // In the ring: the same bound, and the entry is left as it was.
        let more = try await Self.post(sc, "bound-1", Self.bigBatch("c"))
        #expect(more.status == 413, "\(more)")
        #expect(try more.object()["found"] as? Bool == true)
        #expect(try await h.entry(sc, "bound-1").strings("toolsCalled")?.count == 500)
        let metrics = try await Curl.request(sc.control + "/agentspec/metrics").text
        #expect(metrics.contains("agentspec_events_total{result=\"refused\"} 2\n"), "\(metrics)")
        #expect(metrics.contains("agentspec_pending_event_bytes 0\n"))
    }

    @Test func eventsForAHeldRequestReDecideIt() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let sc = try await h.sidecar(upstream: try await h.upstream().url)
        let r = try await Curl.request(sc.proxy + "/chat", headers: [behaviourHeaders(guardrails: ["topic-filter,prompt-injection"]),
                                                                     "X-Request-Id: late-1"])
        #expect(r.header("X-AgentSpec-OPA-Violations") == nil)
        _ = try await h.entry(sc, "late-1")
        let tool = try await Self.post(sc, "late-1", [["type": "tool", "name": "delete-workout"]])
        #expect(tool.status == 200)
        #expect(NSDictionary(dictionary: try tool.object()).isEqual(to: [
            "requestId": "late-1", "found": true, "opaViolations": ["destructive_tool_without_confirmation"]]), "\(tool.text)")
        let violating = try await h.entry(sc, "late-1")
        #expect(violating.strings("toolsCalled") == ["delete-workout"])
        #expect(violating.strings("opaViolations") == ["destructive_tool_without_confirmation"])
        #expect(violating["behavioralCompliant"] as? Bool == false)

        let confirmed = try await Self.post(sc, "late-1", [["type": "confirmation", "confirmed": true]])
        #expect(confirmed.status == 200)
        #expect(try confirmed.object().strings("opaViolations") == [], "headers, tool and confirmation together are compliant")
        let after = try await h.entry(sc, "late-1")
        #expect(after.strings("opaViolations") == [])
        #expect(Set(after.strings("guardrailsInvoked") ?? []) == ["topic-filter", "prompt-injection"], "the headers' report is kept")
    }

    @Test func eventsAreDecidedEvenWhenTheProxyModeIsOff() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let sc = try await h.sidecar(upstream: try await h.upstream().url, env: ["OPA_PROXY_MODE": "off"])
        _ = try await Curl.request(sc.proxy + "/chat", headers: [behaviourHeaders(guardrails: ["topic-filter"]), "X-Request-Id: off-1"])
        let e = try await h.entry(sc, "off-1")
        #expect(e["decisionSource"] == nil)
        let r = try await Self.post(sc, "off-1", [["type": "guardrail", "guardrailType": "toxicity-filter", "invoked": true, "score": 0.9]])
        #expect(r.status == 200)
        #expect(try r.object().strings("opaViolations") == ["prompt_injection_not_invoked", "toxicity_threshold_exceeded"])
        #expect(try await h.entry(sc, "off-1").string("decisionSource") == "embedded")
    }

    @Test func eventsForARequestInFlightEndUpOnItsEntry() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let up = try await h.upstream()
        let sc = try await h.sidecar(upstream: up.url)
        async let slow = Curl.request(sc.proxy + "/slow", headers: ["X-Test-Delay-Ms: 1500", "X-Request-Id: flight-1",
                                                                   behaviourHeaders(guardrails: ["topic-filter,prompt-injection"])])
        _ = try await poll("the slow request to reach the agent") { up.process.stdout.contains("received GET /slow") ? true : nil }
        let r = try await Self.post(sc, "flight-1", [["type": "tool", "name": "delete-workout"]])
        #expect(r.status == 202 || r.status == 200, "\(r)")
        let reply = try await slow
        #expect(reply.status == 200)
        let e = try await h.entry(sc, "flight-1") { $0["toolsCalled"] != nil }
        #expect(e.strings("toolsCalled") == ["delete-workout"])
        #expect(e.strings("opaViolations") == ["destructive_tool_without_confirmation"])
    }

    @Test func theExampleAgentsPushedEventsLandOnItsRequests() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let (_, sc) = try await h.exampleStack()
        let r = try await Curl.request(sc.proxy + "/v1/chat", method: "POST", headers: ["Content-Type: application/json", "X-Request-Id: push-1"],
                                       body: try jsonBody(["message": "plan my week"]))
        #expect(r.status == 200)
        let e = try await h.entry(sc, "push-1") { $0["modelCalls"] != nil }
        // Objects, as the old entries and the events carry them (120 tokens + the message's length).
        let calls = try #require(e.objects("modelCalls"))
        #expect(calls.count == 1)
        #expect(calls.first?["modelId"] as? String == "groq/llama-3.3-70b-versatile")
        #expect(calls.first?["tokenCount"] as? Int == 120 + "plan my week".count)
        #expect(Set(e.strings("guardrailsInvoked") ?? []) == ["topic-filter", "prompt-injection", "toxicity-filter"])
        #expect(e.strings("opaViolations") == [])
        let metrics = try await Curl.request(sc.control + "/agentspec/metrics").text
        #expect(metrics.contains("agentspec_events_total{result=\"applied\"}") || metrics.contains("agentspec_events_total{result=\"held\"}"))
    }
}
