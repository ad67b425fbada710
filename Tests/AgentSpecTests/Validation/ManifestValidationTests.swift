// Valid manifests and the valid side of each constraint: the GymCoach example, the
// reference manifests that follow the schema, and one small manifest per rule.
import Foundation
import Testing
@testable import AgentSpec

@Suite struct ManifestValidationTests {
    @Test func gymcoachExampleValidates() throws {
        let loaded = ManifestLoader.load(path: TestManifests.gymcoach.path)
        #expect(loaded.diagnostics.isEmpty, "\(loaded.diagnostics)")
        let m = try #require(loaded.manifest)
        #expect(m.metadata.name == "gymcoach")
        #expect(m.spec.tools.map(\.name) == ["delete-workout"])
        #expect(m.spec.tools.first?.isDestructive == true)
        #expect(m.spec.guardrails?.input.map(\.type) == ["topic-filter", "prompt-injection"])
        #expect(m.spec.model.costControls?.maxMonthlyUSD == 200)
        #expect(m.spec.memory?.shortTerm?.ttlSeconds == 3600)
        #expect(m.spec.model.apiKey == .reference(.env("GROQ_API_KEY")))
        #expect(m.spec.api?.chatEndpoint?.sessionMode == .stateful)
    }

    @Test func baseTestManifestIsValid() {
        #expect(TestManifests.load().diagnostics.isEmpty)
    }

    /// Each entry satisfies one constraint that an invalid fixture breaks.
    static let validSnippets: [(String, [String], [String])] = [
        ("all parameters in range", ["parameters:", "  temperature: 2", "  maxTokens: 1", "  topP: 0", "  frequencyPenalty: -1"], []),
        ("integral float is an integer", ["parameters:", "  maxTokens: 500.0"], []),
        ("fallback differs", ["fallback:", "  provider: openai", "  id: gpt-4o-mini", "  apiKey: $env:K", "  maxRetries: 0", "  triggerOn: [error_4xx]"], []),
        ("alert below cap", ["costControls:", "  maxMonthlyUSD: 100", "  alertAtUSD: 100"], []),
        ("on-high-cost with alert", ["costControls:", "  alertAtUSD: 5"], ["humanInTheLoop:", "  approvalRequired: [on-high-cost]", "  timeoutSeconds: 3600"]),
        ("stdio with command, sse with url", [], ["mcp:", "  servers:", "    - name: a", "      transport: stdio", "      command: npx",
                                                 "    - name: b", "      transport: sse", "      url: https://mcp.example.com/sse"]),
        ("a2a subagent", [], ["subagents:", "  - name: remote", "    ref:", "      a2a:", "        url: $env:REMOTE_URL",
                              "        auth: {type: bearer, token: $secret:remote-token}", "    invocation: on-demand"]),
        ("every guardrail variant", [], ["guardrails:", "  input:", "    - {type: custom, module: $file:g.py, function: check, action: log}",
                                         "    - {type: pii-detector, action: warn}", "  output:", "    - {type: custom, module: m, function: f, action: warn}",
                                         "    - {type: pii-detector, action: reject, fields: [ssn]}"]),
        ("references of every kind", [], ["requires:", "  envVars: [A]", "  services:", "    - type: redis", "      connection: $func:now_iso",
                                          "    - type: postgres", "      connection: $file:db/url.txt", "    - type: mysql", "      connection: mysql://db:3306"]),
        ("vector memory", [], ["memory:", "  vector:", "    backend: qdrant", "    dimension: 1", "    apiKey: $secret:qdrant/key"]),
        ("evaluation thresholds", [], ["evaluation:", "  framework: ragas", "  metrics: [bias]", "  thresholds: {bias: 0, faithfulness: 1}"]),
        ("suppression of a known rule", [], ["compliance:", "  packs: [observability]", "  suppressions:",
                                             "    - {rule: OBS-01, reason: tracing at the mesh, expires: \"2030-02-28\"}"]),
        ("api port bounds", [], ["api:", "  type: grpc", "  port: 65535", "  rateLimit: {requestsPerMinute: 1}"]),
    ]

    @Test(arguments: validSnippets.indices) func constraintAcceptsValidValue(_ i: Int) {
        let (name, model, spec) = Self.validSnippets[i]
        let loaded = TestManifests.load(model: model, spec: spec)
        #expect(loaded.diagnostics.isEmpty, "\(name): \(loaded.diagnostics)")
        #expect(loaded.manifest != nil, "\(name)")
    }

    @Test func quotedNumberIsNotAString() {
        let loaded = TestManifests.load(spec: ["api:", "  type: rest", "  port: \"8080\""])
        #expect(TestManifests.errors(loaded).first?.contains("spec.api.port: must be an integer, got string \"8080\"") == true)
    }

    @Test func errorsAreCollectedNotStoppedAtTheFirst() {
        let loaded = TestManifests.load(spec: ["tools:", "  - {name: A, type: x, description: d}", "  - {name: B, type: y, description: d}"])
        #expect(loaded.diagnostics.count == 4)
    }

    @Test func invalidDateInSuppression() {
        let loaded = TestManifests.load(spec: ["compliance:", "  suppressions:", "    - {rule: OBS-01, reason: r, expires: \"2025-02-30\"}"])
        #expect(TestManifests.errors(loaded) == ["16:44: spec.compliance.suppressions[0].expires: must be a date YYYY-MM-DD, got \"2025-02-30\""])
    }

    @Test func referenceManifestsThatFollowTheSchemaValidate() throws {
        let dir = TestManifests.fixtures.appendingPathComponent("reference-manifests")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".yaml") }
        #expect(names.count == 14)
        for name in names {
            let loaded = ManifestLoader.load(path: dir.appendingPathComponent(name).path)
            switch name {
            case "packages_operator_demo_gymcoach_agent.yaml": #expect(!loaded.isValid)
            case "suppressions.yaml": #expect(!loaded.isValid && loaded.isAuditable)
            default: #expect(loaded.isValid, "\(name): \(loaded.diagnostics)")
            }
        }
    }
}
