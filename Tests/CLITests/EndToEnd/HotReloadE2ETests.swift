// HotReloadE2ETests: the policy follows its sources without a restart — a changed manifest
// or POLICY_DIR file is picked up by the watcher, SIGHUP reloads on demand, and a broken
// manifest keeps the old policy in force while readiness says `degraded` until it is
// fixed.
import Foundation
import Testing

@Suite(.enabled(if: E2ETools.areAvailable, E2ETools.reason))
struct HotReloadE2ETests {
    static let onlyTopicFilter = behaviourHeaders(guardrails: ["topic-filter"])

    /// The violations header for an agent that ran only topic-filter.
    static func violations(_ sc: SidecarHandle, _ headers: String = onlyTopicFilter) async throws -> String? {
        try await Curl.request(sc.proxy + "/chat", headers: [headers]).header("X-AgentSpec-OPA-Violations")
    }

    static func edit(_ path: String, _ from: String, _ to: String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        guard text.contains(from) else { throw E2EError("\(path) does not contain \(from)") }
        try Data(text.replacingOccurrences(of: from, with: to).utf8).write(to: URL(fileURLWithPath: path))
    }

    static let promptInjection = "      - type: prompt-injection\n        action: reject\n        sensitivity: high\n"

    @Test func aChangedManifestIsPickedUp() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let manifest = try h.manifestCopy()
        let sc = try await h.sidecar(upstream: try await h.upstream().url, env: ["MANIFEST_PATH": manifest])
        #expect(try await Self.violations(sc) == "prompt_injection_not_invoked")
        try Self.edit(manifest, Self.promptInjection, "")
        _ = try await poll("the watcher to drop the prompt-injection rule", timeout: 15, interval: 0.1) {
            try await Self.violations(sc) == nil ? true : nil
        }
        #expect(sc.process.stdout.contains("\"msg\":\"policy reloaded\",\"reason\":\"file changed\""), "\(sc.process.stdout)")
        let explore = try await Curl.request(sc.control + "/agentspec/explore").object()
        #expect(explore.object("policy")?.strings("rules")?.contains("prompt_injection_not_invoked") == false, "\(explore)")
    }

    @Test func sighupReloadsOnDemand() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let manifest = try h.manifestCopy()
        let sc = try await h.sidecar(upstream: try await h.upstream().url, env: ["MANIFEST_PATH": manifest])
        let compliant = behaviourHeaders(guardrails: ["topic-filter,prompt-injection"])
        func toxicity(_ id: String) async throws -> [String]? {
            _ = try await Curl.request(sc.proxy + "/chat", headers: [compliant, "X-Request-Id: \(id)"])
            _ = try await h.entry(sc, id)
            let r = try await Curl.request(sc.control + "/agentspec/events", method: "POST", body: try jsonBody([
                "requestId": id, "events": [["type": "guardrail", "guardrailType": "toxicity-filter", "invoked": true, "score": 0.5]]]))
            return try r.object().strings("opaViolations")
        }
        #expect(try await toxicity("hup-1") == [], "0.5 is under the manifest's 0.7")
        // Same size and the same modification time: only SIGHUP can notice this change.
        let reference = h.path("reference.yaml")
        try FileManager.default.copyItem(atPath: manifest, toPath: reference)
        _ = try runCapturing("/usr/bin/touch", ["-r", manifest, reference])
        try Self.edit(manifest, "threshold: 0.7", "threshold: 0.2")
        _ = try runCapturing("/usr/bin/touch", ["-r", reference, manifest])
        sc.process.send(SIGHUP)
        _ = try await poll("the SIGHUP reload", timeout: 10) {
            sc.process.stdout.contains("\"msg\":\"policy reloaded\",\"reason\":\"SIGHUP\"") ? true : nil
        }
        #expect(try await toxicity("hup-2") == ["toxicity_threshold_exceeded"])
        #expect(sc.process.isRunning, "SIGHUP must not stop the sidecar")
    }

    @Test func aBrokenManifestKeepsTheOldPolicyAndDegradesReadiness() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let manifest = try h.manifestCopy()
        let original = try Data(contentsOf: URL(fileURLWithPath: manifest))
        let sc = try await h.sidecar(upstream: try await h.upstream().url, env: ["MANIFEST_PATH": manifest])
        #expect(try await HealthE2ETests.ready(sc).body.string("status") == "ready")
        try Self.edit(manifest, "    provider: groq\n", "    provider: [groq\n")
        let degraded = try await poll("readiness to say degraded", timeout: 15, interval: 0.1) { () -> [String: Any]? in
            let (status, body) = try await HealthE2ETests.ready(sc)
            return status == 200 && body.string("status") == "degraded" ? body : nil
        }
        let policy = try #require(HealthE2ETests.check(degraded, "policy"))
        #expect(policy.string("status") == "fail")
        #expect(policy.string("message")?.contains("agent.yaml") == true, "\(policy)")
        #expect(try await Self.violations(sc) == "prompt_injection_not_invoked", "the previous policy stays in force")
        #expect(sc.process.stderr.contains("\"level\":\"error\",\"msg\":\"policy reload failed; keeping the previous policy\""))
        let metrics = try await Curl.request(sc.control + "/agentspec/metrics").text
        #expect(metrics.contains("agentspec_policy_reload_failing 1\n"))
        #expect(metrics.contains("agentspec_policy_reloads_total{result=\"failure\"}"))

        try original.write(to: URL(fileURLWithPath: manifest))
        _ = try await poll("readiness to recover", timeout: 15, interval: 0.1) { () -> Bool? in
            try await HealthE2ETests.ready(sc).body.string("status") == "ready" ? true : nil
        }
        #expect(try await Self.violations(sc) == "prompt_injection_not_invoked")
    }

    @Test func aNewFileInPolicyDirAddsItsRules() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let dir = h.path("policies")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let header = "package agentspec.agent.gymcoach\n\nimport rego.v1\n\n"
        try Data((header + "deny contains \"plan_tool_forbidden\" if {\n\t\"plan-workout\" in input.tools_called\n}\n").utf8)
            .write(to: URL(fileURLWithPath: dir + "/extra.rego"))
        let sc = try await h.sidecar(upstream: try await h.upstream().url, env: ["POLICY_DIR": dir])
        let planning = behaviourHeaders(guardrails: ["topic-filter,prompt-injection"], tools: ["plan-workout"])
        #expect(try await Self.violations(sc, planning) == "plan_tool_forbidden")
        try Data((header + "deny contains \"too_many_tools\" if {\n\tcount(input.tools_called) > 0\n}\n").utf8)
            .write(to: URL(fileURLWithPath: dir + "/more.rego"))
        _ = try await poll("the watcher to compile more.rego", timeout: 15, interval: 0.1) {
            try await Self.violations(sc, planning) == "plan_tool_forbidden,too_many_tools" ? true : nil
        }
    }
}
