// RemoteParityE2ETests: the same bundle decides the same in both modes. One sidecar decides
// on its embedded VM, another (OPA_URL) on the real OPA serving the bundle that
// `agentspec generate-policy` writes; both see the same requests and events and must
// name the same violations. The sidecar's Data API must also answer like OPA's.
import Foundation
import Testing

@Suite(.enabled(if: E2ETools.areAvailable, E2ETools.reason), .enabled(if: OPAAvailability.isAvailable, OPAAvailability.reason))
struct RemoteParityE2ETests {
    /// Behaviour the agent reports, as (guardrails, tools, confirmed).
    static let reports: [([String], [String], Bool)] = [
        (["topic-filter,prompt-injection"], [], false),
        (["topic-filter"], [], false),
        (["prompt-injection"], ["delete-workout"], false),
        (["topic-filter,prompt-injection"], ["delete-workout"], true),
        (["topic-filter,prompt-injection"], ["delete-workout", "plan-workout"], false),
        ([], ["plan-workout"], false),
        (["unknown-guardrail"], [], true),
    ]

    /// Pushed events (each applied to its own request), exercising the scalar facts.
    static var eventBatches: [[[String: Any]]] { [
        [["type": "guardrail", "guardrailType": "toxicity-filter", "invoked": true, "score": 0.7]],
        [["type": "guardrail", "guardrailType": "toxicity-filter", "invoked": true, "score": 0.69]],
        [["type": "guardrail", "guardrailType": "hallucination-detector", "invoked": true, "score": 0.95]],
        [["type": "memory", "ttlSeconds": 60, "piiScrubbed": false]],
        [["type": "memory", "ttlSeconds": 3600, "piiScrubbed": true]],
        [["type": "tool", "name": "delete-workout"], ["type": "confirmation", "confirmed": true]],
        [["type": "model", "modelId": "groq/llama", "tokenCount": 10, "costUsd": 7.5]],
    ] }

    @Test func embeddedAndRemoteDecideTheSameForTheSameBundle() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let opa = try await h.opa([try await h.policyBundle()])
        let up = try await h.upstream()
        let embedded = try await h.sidecar(upstream: up.url)
        let remote = try await h.sidecar(upstream: up.url, env: ["OPA_URL": opa.url, "OPA_TIMEOUT_MS": "10000"])
        var nonEmpty = 0
        for (i, (guardrails, tools, confirmed)) in Self.reports.enumerated() {
            let headers = [behaviourHeaders(guardrails: guardrails, tools: tools, confirmed: confirmed), "X-Request-Id: parity-\(i)"]
            let a = try await Curl.request(embedded.proxy + "/p", headers: headers)
            let b = try await Curl.request(remote.proxy + "/p", headers: headers)
            #expect(a.header("X-AgentSpec-OPA-Violations") == b.header("X-AgentSpec-OPA-Violations"), "report \(i)")
            let ea = try await h.entry(embedded, "parity-\(i)"), eb = try await h.entry(remote, "parity-\(i)")
            #expect(ea.string("decisionSource") == "embedded")
            #expect(eb.string("decisionSource") == "opa", "report \(i): \(eb)")
            #expect(ea.strings("opaViolations") == eb.strings("opaViolations"), "report \(i): \(ea) vs \(eb)")
            if !(ea.strings("opaViolations") ?? []).isEmpty { nonEmpty += 1 }
        }
        #expect(nonEmpty >= 4, "the inputs must exercise violations, not only compliance")

        // Events re-decide in both; the answers (200 with the violations) must agree.
        let compliant = behaviourHeaders(guardrails: ["topic-filter,prompt-injection"])
        var seen: Set<String> = []
        for (i, events) in Self.eventBatches.enumerated() {
            var answers: [[String]] = []
            for sc in [embedded, remote] {
                let id = "events-\(i)"
                _ = try await Curl.request(sc.proxy + "/e", headers: [compliant, "X-Request-Id: \(id)"])
                _ = try await h.entry(sc, id)
                let r = try await Curl.request(sc.control + "/agentspec/events", method: "POST", headers: ["Content-Type: application/json"],
                                               body: try jsonBody(["requestId": id, "events": events]))
                #expect(r.status == 200, "events \(i): \(r)")
                answers.append(try r.object().strings("opaViolations") ?? ["<missing>"])
            }
            #expect(answers[0] == answers[1], "events \(i): embedded \(answers[0]) vs remote \(answers[1])")
            seen.formUnion(answers[0])
        }
        #expect(seen.isSuperset(of: ["toxicity_threshold_exceeded", "hallucination_threshold_exceeded", "memory_ttl_mismatch",
                                     "memory_pii_not_scrubbed", "monthly_cost_limit_exceeded"]), "\(seen)")
    }

    @Test func theDataAPIAnswersLikeOPA() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let opa = try await h.opa([try await h.policyBundle()])
        let up = try await h.upstream()
        let sc = try await h.sidecar(upstream: up.url)
        let inputs: [[String: Any]] = [
            ["request_type": "llm_call", "guardrails_invoked": [], "tools_called": []],
            ["request_type": "llm_call", "guardrails_invoked": ["topic-filter", "prompt-injection"], "tools_called": ["delete-workout"],
             "user_confirmed": false],
            ["request_type": "llm_call", "guardrails_invoked": ["topic-filter", "prompt-injection"], "toxicity_score": 0.9,
             "hallucination_score": 0.1, "cost_today_usd": 1],
            ["request_type": "batch", "memory_write": ["ttl_seconds": 3600, "pii_scrubbed": false]],
            [:],
        ]
        for path in ["agentspec/agent/gymcoach/deny", "agentspec/agent/gymcoach/allow", "agentspec/agent/gymcoach"] {
            for (i, input) in inputs.enumerated() {
                let body = try jsonBody(["input": input])
                let mine = try await Curl.request(sc.control + "/v1/data/" + path, method: "POST", body: body)
                let theirs = try await Curl.request(opa.url + "/v1/data/" + path, method: "POST", body: body)
                #expect(mine.status == 200 && theirs.status == 200, "\(path) input \(i): \(mine) / \(theirs)")
                #expect(canonical(try mine.object()["result"]) == canonical(try theirs.object()["result"]),
                        "\(path) input \(i): sidecar \(mine.text) vs OPA \(theirs.text)")
            }
        }
    }
}

/// A JSON value with arrays of scalars sorted (a Rego set has no order on the wire).
func canonical(_ value: Any?) -> String {
    func normalise(_ v: Any) -> Any {
        if let o = v as? [String: Any] { return o.mapValues(normalise) }
        if let a = v as? [Any] {
            let items = a.map(normalise)
            return items.sorted { "\($0)" < "\($1)" }
        }
        return v
    }
    guard let value else { return "<undefined>" }
    let data = (try? JSONSerialization.data(withJSONObject: normalise(value), options: [.sortedKeys, .fragmentsAllowed])) ?? Data()
    return String(decoding: data, as: UTF8.self)
}
