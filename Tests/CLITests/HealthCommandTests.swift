// HealthCommandTests: `agentspec health` through the built binary — the text and JSON
// reports, --fail-on, usage errors, and (with the services .ci/run starts) a pass
// against real Redis and PostgreSQL and the right failures for a stopped service or a
// wrong port.
import Foundation
import Testing

@Suite struct HealthCommandTests {
    static func manifest(_ spec: [String]) throws -> (dir: String, file: String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("health-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir + "/prompts", withIntermediateDirectories: true)
        try Data("You coach.\n".utf8).write(to: URL(fileURLWithPath: dir + "/prompts/system.md"))
        let lines = ["apiVersion: agentspec.io/v1", "kind: AgentSpec", "metadata:", "  name: probe", "  version: 1.0.0",
                     "  description: health test", "spec:", "  model:", "    provider: openai", "    id: gpt-4o",
                     "    apiKey: $env:HEALTH_TEST_KEY", "  prompts:", "    system: $file:prompts/system.md"] + spec.map { "  " + $0 }
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: dir + "/agent.yaml"))
        return (dir, dir + "/agent.yaml")
    }

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func passesWhenEverythingIsThere() throws {
        let m = try Self.manifest(["requires:", "  minimumMemoryMB: 128"])
        defer { try? FileManager.default.removeItem(atPath: m.dir) }
        let r = try BinaryRunner.run(["health", m.file], env: ["HEALTH_TEST_KEY": "k"])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.hasPrefix("probe 1.0.0: PASS (3 checks: 3 pass, 0 fail, 0 warn, 0 skip)\n"))
        #expect(r.stdout.contains("  PASS  env:HEALTH_TEST_KEY"))
    }

    @Test func reportsAsJSONWithRemediations() throws {
        let m = try Self.manifest(["requires:", "  envVars: [HEALTH_TEST_MISSING]"])
        defer { try? FileManager.default.removeItem(atPath: m.dir) }
        let r = try BinaryRunner.run(["health", m.file, "--json"], env: ["HEALTH_TEST_KEY": "k"])
        #expect(r.status == 1)
        let report = try json(r.stdout)
        #expect(report["status"] as? String == "fail")
        let checks = try #require(report["checks"] as? [[String: Any]])
        #expect(checks.map { $0["id"] as? String } == ["env:HEALTH_TEST_KEY", "env:HEALTH_TEST_MISSING", "file:prompts/system.md"])
        let missing = checks[1]
        #expect(missing["status"] as? String == "fail")
        #expect(missing["severity"] as? String == "error")
        #expect(missing["category"] as? String == "env")
        #expect((missing["remediation"] as? String)?.contains("export HEALTH_TEST_MISSING") == true)
        #expect(missing["latencyMs"] is Int)
        #expect(checks[0]["remediation"] == nil)
    }

    @Test func failOnWarningCountsWarnings() throws {
        let m = try Self.manifest([])
        defer { try? FileManager.default.removeItem(atPath: m.dir) }
        #expect(try BinaryRunner.run(["health", m.file], env: ["HEALTH_TEST_KEY": ""]).status == 0)
        #expect(try BinaryRunner.run(["health", m.file, "--fail-on", "warning"], env: ["HEALTH_TEST_KEY": ""]).status == 1)
    }

    @Test(arguments: [
        (["health", "x.yaml", "--fail-on", "info"], "--fail-on takes error or warning, got 'info'"),
        (["health", "x.yaml", "--timeout", "soon"], "--timeout takes a duration like 5s, 500ms or 2m (at most 1h), got 'soon'"),
        (["health"], "missing FILE"),
    ])
    func usageErrors(_ args: [String], _ message: String) throws {
        let r = try BinaryRunner.run(args)
        #expect(r.status == 64)
        #expect(r.stderr.hasPrefix("agentspec health: \(message)\n"))
    }

    static let environment = ProcessInfo.processInfo.environment
    static let servicesUp = environment["AGENTSPEC_TEST_REDIS"] != nil && environment["AGENTSPEC_TEST_POSTGRES"] != nil

    @Test(.enabled(if: servicesUp, "needs AGENTSPEC_TEST_REDIS and AGENTSPEC_TEST_POSTGRES (set by .ci/run via scripts/test_services.sh)"))
    func realServicesPassAndWrongPortsFail() throws {
        let redis = Self.environment["AGENTSPEC_TEST_REDIS"] ?? "", postgres = Self.environment["AGENTSPEC_TEST_POSTGRES"] ?? ""
        let m = try Self.manifest([
            "memory:", "  shortTerm:", "    backend: redis", "    ttlSeconds: 60", "    connection: $env:REDIS_URL",
            "requires:", "  services:", "    - type: postgres", "      connection: $env:DATABASE_URL",
            "    - type: redis", "      connection: $env:REDIS_URL",
        ])
        defer { try? FileManager.default.removeItem(atPath: m.dir) }
        let good = try BinaryRunner.run(["health", m.file, "--json", "--timeout", "2s"],
                                        env: ["HEALTH_TEST_KEY": "k", "REDIS_URL": "redis://\(redis)/0", "DATABASE_URL": "postgresql://postgres@\(postgres)/postgres"])
        #expect(good.status == 0, "\(good.stdout)")
        // Swapped: each URL points at the other service's port.
        let swapped = try BinaryRunner.run(["health", m.file, "--json", "--timeout", "1s"],
                                           env: ["HEALTH_TEST_KEY": "k", "REDIS_URL": "redis://\(postgres)/0", "DATABASE_URL": "postgresql://postgres@\(redis)/postgres"])
        #expect(swapped.status == 1)
        let checks = try #require(try json(swapped.stdout)["checks"] as? [[String: Any]])
        let byId = Dictionary(uniqueKeysWithValues: checks.map { ($0["id"] as? String ?? "", $0) })
        #expect((byId["service:postgres[0]"]?["message"] as? String)?.contains("did not answer like PostgreSQL") == true)
        #expect((byId["service:redis[1]"]?["message"] as? String)?.contains("did not answer like Redis") == true)
        #expect(byId["memory:shortTerm"]?["status"] as? String == "fail")
    }

    /// AGENTSPEC_TEST_STOPPED_REDIS / _POSTGRES name addresses where .ci/run has just
    /// stopped the services: health must report them refused.
    @Test(.enabled(if: environment["AGENTSPEC_TEST_STOPPED_REDIS"] != nil && environment["AGENTSPEC_TEST_STOPPED_POSTGRES"] != nil,
                   "needs AGENTSPEC_TEST_STOPPED_REDIS and AGENTSPEC_TEST_STOPPED_POSTGRES (set by .ci/run after stopping the services)"))
    func stoppedServicesAreRefused() throws {
        let m = try Self.manifest(["requires:", "  services:", "    - type: postgres", "      connection: $env:DATABASE_URL",
                                   "    - type: redis", "      connection: $env:REDIS_URL"])
        defer { try? FileManager.default.removeItem(atPath: m.dir) }
        let r = try BinaryRunner.run(["health", m.file, "--timeout", "2s"], env: [
            "HEALTH_TEST_KEY": "k", "REDIS_URL": "redis://\(Self.environment["AGENTSPEC_TEST_STOPPED_REDIS"] ?? "")",
            "DATABASE_URL": "postgresql://postgres@\(Self.environment["AGENTSPEC_TEST_STOPPED_POSTGRES"] ?? "")/postgres",
        ])
        #expect(r.status == 1)
        #expect(r.stdout.contains("FAIL  service:postgres[0]") && r.stdout.contains("FAIL  service:redis[1]"))
        #expect(r.stdout.components(separatedBy: "connection refused at 127.0.0.1").count == 3, "\(r.stdout)")
    }
}
