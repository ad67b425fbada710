// DecisionLogE2ETests: the built sidecar with DECISION_LOG_URL against a real collector
// (Support/Python/decision_collector.py, which gunzips and parses every batch). Decisions
// at the response head and after events arrive as OPA events carrying the decision_ids
// of /agentspec/audit, gzip-compressed with the bearer token; a redacted field is erased
// from the input and listed; a collector stopped for a while gets the buffered events
// once it is back; with a small buffer the overflow's drop counter equals the number of
// decisions the collector never received (counted, by id). Waits poll for state.
import Foundation
import Testing

@Suite(.enabled(if: E2ETools.areAvailable, E2ETools.reason))
struct DecisionLogE2ETests {
    static let violating = behaviourHeaders(guardrails: ["topic-filter"], tools: ["delete-workout"])
    static let token = "collector-token-7f3a"

    /// What the collector received: its batches and every event.
    static func received(_ collector: ServerHandle) async throws -> (batches: [[String: Any]], events: [[String: Any]]) {
        let r = try await Curl.request(collector.url + "/received")
        let body = try r.object()
        return (body.objects("batches") ?? [], body.objects("events") ?? [])
    }

    /// The sidecar's `agentspec_decision_log_*` samples.
    static func metrics(_ sc: SidecarHandle) async throws -> [String: Double] {
        let text = try await Curl.request(sc.control + "/agentspec/metrics").text
        return MetricsE2ETests.samples(text).filter { $0.key.hasPrefix("agentspec_decision_log_") }
    }

    static func decisionIds(_ h: E2EHarness, _ sc: SidecarHandle) async throws -> [String: String] {
        var ids: [String: String] = [:]
        for e in try await h.audit(sc) { if let id = e.string("decisionId"), let r = e.string("requestId") { ids[r] = id } }
        return ids
    }

    static func env(_ collector: String, _ extra: [String: String] = [:]) -> [String: String] {
        var env = ["DECISION_LOG_URL": collector + "/logs", "DECISION_LOG_TOKEN": token, "DECISION_LOG_FLUSH_INTERVAL_MS": "50",
                   "DECISION_LOG_RETRY_MIN_MS": "20", "DECISION_LOG_RETRY_MAX_MS": "200"]
        for (k, v) in extra { env[k] = v }
        return env
    }

    @Test func decisionsArriveWithTheAuditsIdsAndARedactedFieldErased() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let manifest = try h.manifestCopy()
        let yaml = try String(contentsOfFile: manifest, encoding: .utf8)
        try yaml.replacingOccurrences(of: "redactFields: [api_key, password]", with: "redactFields: [api_key, password, tools_called]")
            .write(toFile: manifest, atomically: true, encoding: .utf8)
        let collector = try await h.pythonServer("decision_collector.py", [])
        let up = try await h.upstream()
        let sc = try await h.sidecar(upstream: up.url, env: Self.env(collector.url, ["MANIFEST_PATH": manifest]))

        for i in 1...3 {
            #expect(try await Curl.request(sc.proxy + "/chat", headers: [Self.violating, "X-Request-Id: dl-\(i)"]).status == 200)
        }
        #expect(try await Curl.request(sc.proxy + "/quiet", headers: ["X-Request-Id: dl-none"]).status == 200)
        _ = try await h.entry(sc, "dl-3")
        let pushed = try await Curl.request(sc.control + "/agentspec/events", method: "POST", headers: ["Content-Type: application/json"],
                                            body: try jsonBody(["requestId": "dl-1", "events": [["type": "confirmation", "confirmed": true]]]))
        #expect(pushed.status == 200, "\(pushed)")

        // Four decisions: three at the heads, one when dl-1's events landed.
        let events = try await poll("four events at the collector", timeout: 20) { () -> [[String: Any]]? in
            let events = try await Self.received(collector).events
            return events.count >= 4 ? events : nil
        }
        #expect(events.count == 4, "one event per decision, none for a request that reported nothing")
        let ids = try await Self.decisionIds(h, sc)
        #expect(ids["dl-none"] == nil)
        for r in ["dl-1", "dl-2", "dl-3"] {
            let id = try #require(ids[r], "the entry of \(r) has a decisionId")
            #expect(events.contains { $0.string("decision_id") == id && $0.string("request_id") == r },
                    "the collector has \(r)'s decision \(id)")
        }
        let forFirst = events.filter { $0.string("request_id") == "dl-1" }
        #expect(forFirst.count == 2 && Set(forFirst.compactMap { $0.string("decision_id") }).count == 2,
                "the head's decision and the re-decision are two events")
        #expect(forFirst.last?.strings("result") == ["prompt_injection_not_invoked"], "the re-decision saw the confirmation")

        for e in events {
            #expect(e.string("path") == "agentspec/agent/gymcoach/deny")
            #expect(e.object("labels")?.string("agent") == "gymcoach" && e.object("labels")?.string("id") != nil)
            #expect(e.strings("erased") == ["/input/tools_called"], "the redacted field is recorded as erased: \(e)")
            #expect(e.object("input")?["tools_called"] == nil && e.object("input")?.string("agent_name") == "gymcoach")
            #expect(e.object("metrics")?["timer_rego_query_eval_ns"] != nil)
            #expect((e.string("timestamp") ?? "").hasSuffix("Z"))
        }
        let batches = try await Self.received(collector).batches
        #expect(!batches.isEmpty && batches.allSatisfy {
            $0.string("path") == "/logs" && $0.string("contentEncoding") == "gzip" && $0.string("contentType") == "application/json"
                && $0.string("authorization") == "Bearer \(Self.token)" && $0["error"] == nil
        }, "\(batches)")
        // The collector keeps a batch before it answers: the sidecar counts it once the answer is in.
        let m = try await poll("every batch counted as uploaded", timeout: 10) { () -> [String: Double]? in
            let m = try await Self.metrics(sc)
            return m["agentspec_decision_log_uploads_total{result=\"ok\"}"] == Double(batches.count) ? m : nil
        }
        #expect(m["agentspec_decision_log_dropped_total"] == 0 && m["agentspec_decision_log_uploads_total{result=\"error\"}"] == 0)
        #expect(!sc.process.output.contains(Self.token), "the token is never logged")
    }

    /// OPA logs every Data API query: the answer carries the event's decision_id, and the
    /// event has the path asked, the input (redacted fields erased), the result — none for an
    /// undefined document — and who asked.
    @Test func dataAPIQueriesAreDecisionsToo() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let collector = try await h.pythonServer("decision_collector.py", [])
        let up = try await h.upstream()
        let sc = try await h.sidecar(upstream: up.url, env: Self.env(collector.url))
        let input: [String: Any] = ["agent_name": "gymcoach", "tools_called": ["delete-workout"], "guardrails_invoked": [],
                                    "password": "hunter2", "nested": ["api_key": "k-1", "kept": 1]]
        let asked = try await Curl.request(sc.control + "/v1/data/agentspec/agent/gymcoach/deny", method: "POST",
                                           headers: ["Content-Type: application/json"], body: try jsonBody(["input": input]))
        #expect(asked.status == 200, "\(asked)")
        let answer = try asked.object()
        let id = try #require(answer.string("decision_id"), "the answer names its decision: \(answer)")
        let undefined = try await Curl.request(sc.control + "/v1/data/agentspec/no_such_rule")
        let undefinedId = try #require(try undefined.object().string("decision_id"), "an undefined document is a decision too")
        #expect(try undefined.object()["result"] == nil)

        let events = try await poll("both queries at the collector", timeout: 20) { () -> [[String: Any]]? in
            let events = try await Self.received(collector).events
            return events.count >= 2 ? events : nil
        }
        #expect(events.count == 2)
        let event = try #require(events.first { $0.string("decision_id") == id })
        #expect(event.string("path") == "agentspec/agent/gymcoach/deny")
        #expect((event["result"] as? [Any]).map { $0.count } == (answer["result"] as? [Any]).map { $0.count } && event["result"] != nil,
                "the logged result is the answer's: \(event)")
        #expect(event.object("input")?["password"] == nil && event.object("input")?.object("nested")?["api_key"] == nil)
        #expect(event.object("input")?.object("nested")?["kept"] != nil && event.object("input")?.string("agent_name") == "gymcoach")
        #expect(event.strings("erased") == ["/input/nested/api_key", "/input/password"])
        #expect((event.string("requested_by") ?? "").hasPrefix("127.0.0.1:"), "\(event)")
        #expect(event.object("labels")?.string("agent") == "gymcoach" && event.object("metrics")?["timer_rego_query_eval_ns"] != nil)
        let other = try #require(events.first { $0.string("decision_id") == undefinedId })
        #expect(other.string("path") == "agentspec/no_such_rule" && other["result"] == nil && other["input"] == nil)
    }

    @Test func aStoppedCollectorGetsTheBufferedEventsWhenItIsBack() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let first = try await h.pythonServer("decision_collector.py", [])
        let up = try await h.upstream()
        let sc = try await h.sidecar(upstream: up.url, env: Self.env(first.url))
        first.process.stop()

        for i in 1...6 { _ = try await Curl.request(sc.proxy + "/chat", headers: [Self.violating, "X-Request-Id: down-\(i)"]) }
        _ = try await poll("uploads failing while the collector is down", timeout: 20) { () -> Bool? in
            (try await Self.metrics(sc))["agentspec_decision_log_uploads_total{result=\"error\"}"] ?? 0 >= 2 ? true : nil
        }
        #expect((try await Self.metrics(sc))["agentspec_decision_log_buffer_events"] == 6, "all six are held")
        #expect(sc.process.stderr.contains("decision log upload failed"), "the outage is logged")

        let second = try await h.pythonServer("decision_collector.py", ["--port", String(first.port)])
        let events = try await poll("the six buffered events at the restarted collector", timeout: 20) { () -> [[String: Any]]? in
            let events = try await Self.received(second).events
            return events.count >= 6 ? events : nil
        }
        let ids = try await Self.decisionIds(h, sc)
        #expect(Set(events.compactMap { $0.string("decision_id") }) == Set(ids.values))
        #expect(events.compactMap { $0.string("request_id") } == (1...6).map { "down-\($0)" }, "in the order decided")
        let m = try await poll("the buffer empty once the collector answered", timeout: 10) { () -> [String: Double]? in
            let m = try await Self.metrics(sc)
            return m["agentspec_decision_log_buffer_events"] == 0 ? m : nil
        }
        #expect(m["agentspec_decision_log_dropped_total"] == 0)
        #expect((m["agentspec_decision_log_retries_total"] ?? 0) >= 1)
    }

    @Test func overflowDropsTheOldestAndTheCounterEqualsWhatIsMissing() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let collectorPort = try freePort()
        let up = try await h.upstream()
        let sc = try await h.sidecar(upstream: up.url, env: Self.env("http://127.0.0.1:\(collectorPort)", ["DECISION_LOG_BUFFER_EVENTS": "4"]))

        let requests = (1...12).map { "over-\($0)" }
        for r in requests { _ = try await Curl.request(sc.proxy + "/chat", headers: [Self.violating, "X-Request-Id: \(r)"]) }
        // Every decision was handed over before its response: the buffer settles at its bound.
        _ = try await poll("the buffer at its bound of 4", timeout: 20) { () -> Bool? in
            let m = try await Self.metrics(sc)
            return m["agentspec_decision_log_buffer_events"] == 4 && (m["agentspec_decision_log_dropped_total"] ?? 0) > 0 ? true : nil
        }
        #expect(sc.process.stderr.contains("decision log buffer full"), "the drops are logged")

        let collector = try await h.pythonServer("decision_collector.py", ["--port", String(collectorPort)])
        _ = try await poll("the buffer emptied into the collector", timeout: 20) { () -> Bool? in
            (try await Self.metrics(sc))["agentspec_decision_log_buffer_events"] == 0 ? true : nil
        }
        let ids = try await Self.decisionIds(h, sc)
        #expect(ids.count == 12)
        let received = Set(try await Self.received(collector).events.compactMap { $0.string("decision_id") })
        let missing = Set(ids.values).subtracting(received)
        let dropped = try #require((try await Self.metrics(sc))["agentspec_decision_log_dropped_total"])
        #expect(Int(dropped) == missing.count, "dropped \(dropped), missing \(missing.count)")
        #expect(!missing.isEmpty && received.isSubset(of: Set(ids.values)))
        let kept = requests.filter { ids[$0].map(received.contains) ?? false }
        #expect(kept == Array(requests.suffix(kept.count)), "the newest are the ones delivered: \(kept)")
    }
}
