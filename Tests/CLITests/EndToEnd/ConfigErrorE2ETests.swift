// ConfigErrorE2ETests: a bad configuration value stops `agentspec sidecar` with exit code 1
// and exactly one line on stderr — the contract's text where it gives one — never a
// stack trace, whether it came from a variable or from the flag that mirrors it.
import Foundation
import Testing

@Suite(.enabled(if: E2ETools.areAvailable, E2ETools.reason))
struct ConfigErrorE2ETests {
    /// Runs the sidecar with `env` and `arguments`; it must exit (within 10 s) instead of serving.
    static func fail(_ h: E2EHarness, env: [String: String], arguments: [String] = []) async throws -> (status: Int32?, stderr: String, stdout: String) {
        var variables = ["UPSTREAM_URL": "http://127.0.0.1:9", "MANIFEST_PATH": E2EPaths.gymcoach, "BIND_ADDRESS": "127.0.0.1",
                         "PROXY_PORT": String(try freePort()), "CONTROL_PLANE_PORT": String(try freePort())]
        for (k, v) in env { variables[k] = v }
        let p = try h.spawn("sidecar", BinaryRunner.binaryURL.path, ["sidecar"] + arguments, environment: variables)
        let status = await p.exitStatus(within: 10)
        return (status, p.stderr, p.stdout)
    }

    static func expectOneLine(_ r: (status: Int32?, stderr: String, stdout: String), _ line: String, _ comment: String) {
        #expect(r.status == 1, "\(comment): exit \(String(describing: r.status)), stderr \(r.stderr)")
        #expect(r.stderr == line + "\n", "\(comment)")
        #expect(r.stdout.isEmpty, "\(comment): stdout \(r.stdout)")
    }

    @Test(arguments: [
        (["UPSTREAM_URL": "ftp://agent:8000"], #"Invalid UPSTREAM_URL: "ftp://agent:8000" — must use http: or https: protocol"#),
        (["UPSTREAM_URL": "localhost:8000"], #"Invalid UPSTREAM_URL: "localhost:8000" — must use http: or https: protocol"#),
        (["PROXY_PORT": "abc"], #"Invalid PROXY_PORT: "abc" — must be an integer between 1 and 65535"#),
        (["PROXY_PORT": "0"], #"Invalid PROXY_PORT: "0" — must be an integer between 1 and 65535"#),
        (["PROXY_PORT": "65536"], #"Invalid PROXY_PORT: "65536" — must be an integer between 1 and 65535"#),
        (["CONTROL_PLANE_PORT": "-1"], #"Invalid CONTROL_PLANE_PORT: "-1" — must be an integer between 1 and 65535"#),
        (["PROXY_PORT": "4100", "CONTROL_PLANE_PORT": "4100"], #"Invalid CONTROL_PLANE_PORT: "4100" — must differ from PROXY_PORT"#),
        (["AUDIT_RING_SIZE": "0"], #"Invalid AUDIT_RING_SIZE: "0" — must be a positive integer (≥ 1)"#),
        (["AUDIT_RING_SIZE": "ten"], #"Invalid AUDIT_RING_SIZE: "ten" — must be a positive integer (≥ 1)"#),
        (["AUDIT_RING_SIZE": "1000001"], #"Invalid AUDIT_RING_SIZE: "1000001" — must be at most 1000000"#),
        (["OPA_PROXY_MODE": "Enforce"], #"Invalid OPA_PROXY_MODE: "Enforce" — must be one of: enforce, track, off"#),
        (["OPA_PROXY_MODE": "block"], #"Invalid OPA_PROXY_MODE: "block" — must be one of: enforce, track, off"#),
    ])
    func aBadVariableIsOneLineAndExit1(_ env: [String: String], _ line: String) async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        Self.expectOneLine(try await Self.fail(h, env: env), line, "\(env)")
    }

    @Test(arguments: [
        (["--mode", "strict"], #"Invalid --mode: "strict" — must be one of: enforce, track, off"#),
        (["--proxy-port", "99999"], #"Invalid --proxy-port: "99999" — must be an integer between 1 and 65535"#),
        (["--upstream", "agent:8000"], #"Invalid --upstream: "agent:8000" — must use http: or https: protocol"#),
        (["--audit-ring-size", "-3"], #"Invalid --audit-ring-size: "-3" — must be a positive integer (≥ 1)"#),
    ])
    /// The value came from the flag, so the message names the flag the user typed.
    func aBadFlagWinsOverAGoodVariable(_ arguments: [String], _ line: String) async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let env = ["OPA_PROXY_MODE": "track", "UPSTREAM_URL": "http://127.0.0.1:9", "AUDIT_RING_SIZE": "10"]
        Self.expectOneLine(try await Self.fail(h, env: env, arguments: arguments), line, "\(arguments)")
    }

    @Test(arguments: ["OPA_URL", "ANTHROPIC_BASE_URL"])
    func aBadURLVariableNamesItself(_ name: String) async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let r = try await Self.fail(h, env: [name: "opa.internal:8181"])
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("Invalid \(name): \"opa.internal:8181\" — "), "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
    }

    @Test func aMissingOrInvalidManifestOrPolicyIsOneLine() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let missing = try await Self.fail(h, env: ["MANIFEST_PATH": h.path("nope/agent.yaml")])
        Self.expectOneLine(missing, #"Invalid MANIFEST_PATH: ""# + h.path("nope/agent.yaml") + #"" — cannot open the file: No such file or directory"#,
                           "a missing manifest names MANIFEST_PATH and the errno text")
        let flagged = try await Self.fail(h, env: [:], arguments: ["--manifest", h.path(".")])
        Self.expectOneLine(flagged, #"Invalid --manifest: ""# + h.path(".") + #"" — cannot read the file: Is a directory (name the agent.yaml inside it)"#,
                           "a folder given with --manifest names the flag")

        let bad = h.path("bad.yaml")
        try Data("apiVersion: agentspec.io/v1\nkind: AgentSpec\nmetadata:\n  name: x\nspec:\n  model: [unclosed\n".utf8)
            .write(to: URL(fileURLWithPath: bad))
        let invalid = try await Self.fail(h, env: ["AGENTSPEC_MANIFEST_PATH": bad, "MANIFEST_PATH": ""])
        #expect(invalid.status == 1)
        #expect(invalid.stderr.split(separator: "\n").count == 1, "\(invalid.stderr)")
        #expect(invalid.stderr.contains("bad.yaml:"), "names the file and position: \(invalid.stderr)")

        let dir = h.path("policies")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try Data("package agentspec.agent.gymcoach\n\nimport rego.v1\n\ndeny contains \"x\" if {\n  input.a ==\n}\n".utf8)
            .write(to: URL(fileURLWithPath: dir + "/broken.rego"))
        let policy = try await Self.fail(h, env: ["POLICY_DIR": dir])
        #expect(policy.status == 1)
        #expect(policy.stderr.split(separator: "\n").count == 1, "\(policy.stderr)")
        #expect(policy.stderr.contains("broken.rego:"), "names the file:line:col: \(policy.stderr)")
        for r in [missing, invalid, policy] {
            #expect(!r.stderr.contains("Fatal error") && !r.stderr.contains("Stack dump"), "\(r.stderr)")
        }
    }

    @Test func aTakenPortIsOneLine() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let up = try await h.upstream()
        let r = try await Self.fail(h, env: ["PROXY_PORT": String(up.port)])
        #expect(r.status == 1)
        #expect(r.stderr.split(separator: "\n").count == 1 && r.stderr.contains("PROXY_PORT"), "\(r.stderr)")
    }
}
