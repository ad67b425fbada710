// DemoE2ETests: `agentspec demo` started from a folder that is not the repository (it
// finds the GymCoach example beside the executable), and the README's transcript holds
// against it: in enforce mode the "fast" deletion is blocked for both violations, the
// user's confirmation clears the deletion but not the skipped guardrail, and a confirmed
// plain deletion passes.
import Foundation
import Testing

@Suite(.enabled(if: E2ETools.areAvailable, E2ETools.reason))
struct DemoE2ETests {
    static func chat(_ proxy: Int, _ message: String, confirmed: Bool = false) async throws -> HTTPReply {
        try await Curl.request("http://127.0.0.1:\(proxy)/v1/chat", method: "POST",
                               headers: ["Content-Type: application/json"] + (confirmed ? ["X-User-Confirmed: true"] : []),
                               body: try jsonBody(["message": message]))
    }

    static func violations(_ reply: HTTPReply) -> [String] {
        (reply.header("X-AgentSpec-OPA-Violations") ?? "").split(separator: ",").map { String($0) }.sorted()
    }

    @Test func demoRunsFromAnyFolderAndTheREADMETranscriptHolds() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let agent = try freePort(), proxy = try freePort(), control = try freePort()
        // The harness runs processes in its own temporary folder, far from examples/.
        let demo = try h.spawn("demo", BinaryRunner.binaryURL.path, ["demo", "--mode", "enforce", "--agent-port", String(agent),
                                                                    "--proxy-port", String(proxy), "--control-plane-port", String(control)])
        _ = try await poll("the demo's control plane") { () async throws -> Bool? in
            if !demo.isRunning { throw E2EError("the demo exited: \(demo.output)") }
            return try? await Curl.request("http://127.0.0.1:\(control)/agentspec/health/live").status == 200 ? true : nil
        }

        let fast = try await Self.chat(proxy, "fast: delete my last run")
        #expect(fast.status == 403, "\(fast)")
        #expect(Self.violations(fast) == ["destructive_tool_without_confirmation", "prompt_injection_not_invoked"])

        let confirmedFast = try await Self.chat(proxy, "fast: delete my last run", confirmed: true)
        #expect(confirmedFast.status == 403, "the fast path still skipped the prompt-injection guardrail: \(confirmedFast)")
        #expect(Self.violations(confirmedFast) == ["prompt_injection_not_invoked"])

        let confirmed = try await Self.chat(proxy, "delete my last run", confirmed: true)
        #expect(confirmed.status == 200, "\(confirmed)")
        #expect(confirmed.text == #"{"reply":"Deleted your last workout.","tools":["delete-workout"]}"#)
        #expect(confirmed.header("X-AgentSpec-OPA-Violations") == nil)
    }

    @Test func aDemoManifestThatCannotBeReadNamesTheFlag() throws {
        let r = try BinaryRunner.run(["demo", "--manifest", "/nonexistent/agent.yaml", "--agent-port", "1"])
        #expect(r.status == 1)
        #expect(r.stderr == "Invalid --manifest: \"/nonexistent/agent.yaml\" — cannot open the file: No such file or directory\n")
    }
}
