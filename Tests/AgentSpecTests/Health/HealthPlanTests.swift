// HealthPlanTests: which checks a manifest implies and what they report for a given
// environment, folder and PATH — without network services.
import Foundation
import Testing
@testable import AgentSpec

struct HealthPlanTests {
    static func results(_ spec: [String], environment: [String: String], directory: String = "/nonexistent") throws -> [HealthResult] {
        let loaded = TestManifests.load(spec: spec)
        let resolver = ReferenceResolver(environment: environment, manifestDirectory: directory)
        let plan = HealthPlan(manifest: try #require(loaded.manifest), root: try #require(loaded.root), resolver: resolver, timeout: .seconds(2))
        return HealthRunner.run(plan.checks)
    }

    static func status(_ results: [HealthResult], _ id: String) -> HealthStatus? { results.first { $0.id == id }?.status }

    @Test func referencesAndRequiredVariables() throws {
        let spec = ["requires:", "  envVars: [NEEDED, EMPTY]"]
        let results = try Self.results(spec, environment: ["EMPTY": "", "AGENTSPEC_SECRET_MODEL_KEY": "k"])
        #expect(results.map(\.id) == ["env:NEEDED", "env:EMPTY", "secret:model-key", "file:prompts/system.md"])
        #expect(results.map(\.status) == [.fail, .warn, .pass, .fail])
        #expect(results[0].message == "NEEDED is not set (used by spec.requires.envVars)")
        #expect(results[0].remediation?.contains("export NEEDED") == true)
        #expect(results[2].remediation == nil)
        #expect(results[3].message.contains("spec.prompts.system (13:13)"))
    }

    @Test func filesResolveAgainstTheManifestsFolder() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("health-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("prompts"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("hi".utf8).write(to: dir.appendingPathComponent("prompts/system.md"))
        let results = try Self.results([], environment: [:], directory: dir.path)
        #expect(Self.status(results, "file:prompts/system.md") == .pass)
        #expect(Self.status(results, "secret:model-key") == .fail)
    }

    @Test func servicesWithUnsetConnectionsAreSkipped() throws {
        let spec = ["requires:", "  services:", "    - type: redis", "      connection: $env:REDIS_URL"]
        let results = try Self.results(spec, environment: [:])
        #expect(Self.status(results, "env:REDIS_URL") == .fail)
        #expect(Self.status(results, "service:redis[0]") == .skip)
    }

    @Test func mcpCommandsAreLookedUpOnPath() throws {
        let spec = ["mcp:", "  servers:", "    - name: shell", "      transport: stdio", "      command: sh",
                    "    - name: ghost", "      transport: stdio", "      command: no-such-command-agentspec"]
        let results = try Self.results(spec, environment: ["PATH": "/usr/bin:/bin"])
        #expect(Self.status(results, "mcp:shell") == .pass)
        #expect(Self.status(results, "mcp:ghost") == .fail)
    }

    @Test func localSubagentsMustExistAndValidate() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("health-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(TestManifests.text().utf8).write(to: dir.appendingPathComponent("good.yaml"))
        try Data("apiVersion: agentspec.io/v1\n".utf8).write(to: dir.appendingPathComponent("bad.yaml"))
        let spec = ["subagents:",
                    "  - name: good", "    ref:", "      agentspec: ./good.yaml", "    invocation: parallel",
                    "  - name: bad", "    ref:", "      agentspec: ./bad.yaml", "    invocation: parallel",
                    "  - name: gone", "    ref:", "      agentspec: ./gone.yaml", "    invocation: parallel"]
        let results = try Self.results(spec, environment: [:], directory: dir.path)
        #expect(Self.status(results, "subagent:good") == .pass)
        #expect(Self.status(results, "subagent:bad") == .fail)
        #expect(results.first { $0.id == "subagent:gone" }?.message.contains("does not exist") == true)
    }

    @Test func machineRequirements() throws {
        let spec = ["requires:", "  minimumMemoryMB: 128", "  pythonVersion: \">=1.0\"", "  nodeVersion: \">=1\""]
        let results = try Self.results(spec, environment: ["PATH": "/nonexistent"])
        #expect(Self.status(results, "system:memory") == .pass)
        #expect(Self.status(results, "system:python") == .fail)
        #expect(results.first { $0.id == "system:node" }?.message.contains("not installed") == true)
    }
}
