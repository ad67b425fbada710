// AuditRingE2ETests: the audit ring holds the newest AUDIT_RING_SIZE requests (oldest
// evicted), `?limit=N` returns the newest N oldest first, entries have the contract's
// fields (absent facts omitted), /explain finds held entries only, and the SSE stream
// delivers new entries as they land.
import Foundation
import Testing

@Suite(.enabled(if: E2ETools.areAvailable, E2ETools.reason))
struct AuditRingE2ETests {
    @Test func capacityEvictionAndLimit() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let up = try await h.upstream()
        let sc = try await h.sidecar(upstream: up.url, env: ["AUDIT_RING_SIZE": "3"])
        for i in 1...5 { _ = try await Curl.request(sc.proxy + "/r\(i)?n=\(i)", headers: ["X-Request-Id: ring-\(i)"]) }
        let all = try await poll("five requests to land") { () -> [[String: Any]]? in
            let a = try await h.audit(sc)
            return a.last?.string("requestId") == "ring-5" ? a : nil
        }
        #expect(all.map { $0.string("requestId") ?? "" } == ["ring-3", "ring-4", "ring-5"], "capacity 3 keeps the newest, oldest first")
        #expect(try await h.audit(sc, query: "?limit=2").map { $0.string("requestId") ?? "" } == ["ring-4", "ring-5"])
        #expect(try await h.audit(sc, query: "?limit=1").map { $0.string("requestId") ?? "" } == ["ring-5"])
        #expect(try await h.audit(sc, query: "?limit=0").isEmpty)
        #expect(try await h.audit(sc, query: "?limit=50").count == 3)
        let bad = try await Curl.request(sc.control + "/agentspec/audit?limit=abc")
        #expect(bad.status == 400)
        #expect(try bad.object()["error"] is String)
        let metrics = try await Curl.request(sc.control + "/agentspec/metrics").text
        #expect(metrics.contains("agentspec_audit_ring_entries 3\n"))

        let evicted = try await Curl.request(sc.control + "/agentspec/explain/ring-1")
        #expect(evicted.status == 404, "an evicted request is gone: \(evicted)")
        #expect(try evicted.object().string("error") == "NotFound")
        let held = try await Curl.request(sc.control + "/agentspec/explain/ring-4")
        #expect(held.status == 200)
        #expect(try held.object().object("entry")?.string("requestId") == "ring-4")
    }

    @Test func anEntryHasTheContractsFields() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let up = try await h.upstream()
        let sc = try await h.sidecar(upstream: up.url)
        let before = Date()
        _ = try await Curl.request(sc.proxy + "/plain?a=1", method: "PUT", headers: ["X-Request-Id: fields-1"], body: Data("x".utf8))
        _ = try await Curl.request(sc.proxy + "/decided", headers: [
            behaviourHeaders(guardrails: ["topic-filter"]), "X-Request-Id: fields-2", "X-Test-Status: 201"])
        let plain = try await h.entry(sc, "fields-1")
        #expect(Set(plain.keys) == ["requestId", "timestamp", "method", "path", "statusCode", "durationMs"], "\(plain)")
        #expect(plain.string("method") == "PUT")
        #expect(plain.string("path") == "/plain?a=1")
        #expect(plain.int("statusCode") == 200)
        #expect((plain["durationMs"] as? Double).map { $0 >= 0 } == true)
        let stamp = try #require(plain.string("timestamp"))
        #expect(stamp.hasSuffix("Z"), "UTC: \(stamp)")
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let when = try #require(formatter.date(from: stamp), "not ISO-8601: \(stamp)")
        #expect(abs(when.timeIntervalSince(before)) < 10)

        let decided = try await h.entry(sc, "fields-2")
        #expect(decided.int("statusCode") == 201)
        #expect(decided.strings("guardrailsInvoked") == ["topic-filter"])
        #expect(decided.strings("opaViolations") == ["prompt_injection_not_invoked"])
        #expect(decided["behavioralCompliant"] as? Bool == false)
        #expect(decided.string("decisionSource") == "embedded")
        #expect(decided["toolsCalled"] == nil, "absent facts are omitted, not empty: \(decided)")

        let explain = try await Curl.request(sc.control + "/agentspec/explain/fields-2").object()
        let steps = try #require(explain.objects("steps"))
        #expect(steps.contains { $0.string("step") == "decided" && $0.strings("violations") == ["prompt_injection_not_invoked"] })
        #expect(explain.object("input")?.strings("guardrails_invoked") == ["topic-filter"])
        #expect(explain.object("input")?.string("request_type") == "llm_call")
    }

    @Test func theStreamDeliversNewEntries() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let up = try await h.upstream()
        let sc = try await h.sidecar(upstream: up.url)
        let client = try h.streamClient(["sse", sc.control + "/agentspec/audit/stream", "2", "15"])
        _ = try await poll("the SSE client to connect") { () -> Bool? in
            if !client.isRunning { throw E2EError("SSE client ended: \(client.output)") }
            return client.stdout.contains("connected") ? true : nil
        }
        _ = try await Curl.request(sc.proxy + "/one", headers: ["X-Request-Id: sse-1"])
        _ = try await Curl.request(sc.proxy + "/two", method: "POST", headers: ["X-Request-Id: sse-2"], body: Data("b".utf8))
        let status = await client.exitStatus(within: 15)
        #expect(status == 0, "\(client.output)")
        let events = client.stdout.split(separator: "\n").dropFirst().compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        #expect(events.map { $0.string("requestId") ?? "" } == ["sse-1", "sse-2"], "\(client.stdout)")
        #expect(events.last?.string("method") == "POST")
        #expect(events.last?.string("path") == "/two")
    }

    @Test func theUnprefixedAliasesAnswerToo() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let up = try await h.upstream()
        let sc = try await h.sidecar(upstream: up.url)
        _ = try await Curl.request(sc.proxy + "/alias", headers: ["X-Request-Id: alias-1"])
        _ = try await h.entry(sc, "alias-1")
        for path in ["/audit", "/audit?limit=1", "/explain/alias-1", "/health/live", "/health/ready", "/explore", "/capabilities",
                     "/metrics", "/gap"] {
            let canonical = try await Curl.request(sc.control + "/agentspec" + path)
            let alias = try await Curl.request(sc.control + path)
            #expect(alias.status == canonical.status && alias.status == 200, "\(path): \(alias.status) vs \(canonical.status)")
        }
        let unknown = try await Curl.request(sc.control + "/agentspec/nothing-here")
        #expect(unknown.status == 404)
        #expect(try unknown.object().string("error") == "NotFound")
        let wrongMethod = try await Curl.request(sc.control + "/agentspec/audit", method: "DELETE")
        #expect(wrongMethod.status == 405)
    }
}
