// Every audit rule, once passing and once failing, on small manifests built from the
// valid base (apiKey a $secret:, system prompt a $file:, nothing else declared).
import Testing
@testable import AgentSpec

/// A manifest variation: lines inside spec.model, lines inside spec, and overrides.
struct Variation: Sendable {
    var model: [String] = []
    var spec: [String] = []
    var description = "test agent"
    var apiKey = "$secret:model-key"
    var system = "$file:prompts/system.md"
    var modelId = "gpt-4o"

    func manifest() throws -> Manifest {
        let loaded = TestManifests.load(model: model, spec: spec, description: description, apiKey: apiKey, system: system, modelId: modelId)
        return try #require(loaded.manifest, "\(loaded.diagnostics)")
    }
}

@Suite struct AuditRuleTests {
    static let longTerm = ["memory:", "  longTerm:", "    backend: postgres", "    connectionString: $env:DB", "    ttlDays: 30"]
    static let tool = ["tools:", "  - name: t", "    type: function", "    description: d"]
    static let eval = ["evaluation:", "  framework: deepeval"]

    /// (rule id, a passing variation, a failing variation, the failure's pointer)
    static let cases: [(String, Variation, Variation, String)] = [
        ("MODEL-01", Variation(model: ["fallback: {provider: a, id: b, apiKey: $env:K}"]), Variation(), "/spec/model/fallback"),
        ("MODEL-02", Variation(), Variation(modelId: "llama3:latest"), "/spec/model/id"),
        ("MODEL-03", Variation(model: ["costControls: {maxMonthlyUSD: 10}"]), Variation(model: ["costControls: {alertAtUSD: 1}"]), "/spec/model/costControls/maxMonthlyUSD"),
        ("MODEL-04", Variation(model: ["fallback: {provider: a, id: b, apiKey: $env:K, maxRetries: 0}"]),
         Variation(model: ["fallback: {provider: a, id: b, apiKey: $env:K}"]), "/spec/model/fallback/maxRetries"),
        ("SEC-LLM-01", Variation(spec: ["guardrails: {input: [{type: topic-filter, blockedTopics: [x], action: warn}]}"]),
         Variation(spec: ["guardrails: {input: [{type: pii-detector, action: scrub}]}"]), "/spec/guardrails/input"),
        ("SEC-LLM-02", Variation(spec: ["guardrails: {output: [{type: toxicity-filter, threshold: 0.5, action: warn}]}"]), Variation(), "/spec/guardrails/output"),
        ("SEC-LLM-03", Variation(), Variation(system: "You are helpful."), "/spec/prompts/system"),
        ("SEC-LLM-04", Variation(spec: ["api: {type: rest, rateLimit: {requestsPerMinute: 5}}"]), Variation(), "/spec/api/rateLimit"),
        ("SEC-LLM-05", Variation(), Variation(modelId: "latest"), "/spec/model/id"),
        ("SEC-LLM-06", Variation(spec: longTerm + ["  hygiene: {piiScrubFields: [ssn]}"]), Variation(spec: longTerm), "/spec/memory/hygiene/piiScrubFields"),
        ("SEC-LLM-07", Variation(spec: tool + ["    annotations: {readOnlyHint: true}"]), Variation(spec: tool), "/spec/tools/0"),
        ("SEC-LLM-08", Variation(spec: tool + ["    annotations: {destructiveHint: false}"]),
         Variation(spec: tool + ["    annotations: {readOnlyHint: true}"]), "/spec/tools/0/annotations"),
        ("SEC-LLM-09", Variation(spec: eval + ["  ciGate: true"]), Variation(spec: eval), "/spec/evaluation/ciGate"),
        ("SEC-LLM-10", Variation(), Variation(apiKey: "$env:OPENAI_API_KEY"), "/spec/model/apiKey"),
        ("MEM-01", Variation(), Variation(spec: longTerm), "/spec/memory/hygiene/piiScrubFields"),
        ("MEM-02", Variation(spec: longTerm), Variation(spec: ["memory: {shortTerm: {backend: redis}}"]), "/spec/memory/shortTerm"),
        ("MEM-03", Variation(spec: longTerm + ["  hygiene: {auditLog: true}"]), Variation(spec: longTerm), "/spec/memory/hygiene/auditLog"),
        ("MEM-04", Variation(spec: ["memory: {vector: {backend: chroma, dimension: 3, namespace: n}}"]),
         Variation(spec: ["memory: {vector: {backend: chroma, dimension: 3}}"]), "/spec/memory/vector"),
        ("MEM-05", Variation(spec: ["memory: {shortTerm: {backend: redis, maxTokens: 10}}"]),
         Variation(spec: ["memory: {shortTerm: {backend: redis}}"]), "/spec/memory/shortTerm"),
        ("EVAL-01", Variation(spec: eval + ["  datasets: [{name: a, path: $file:a.jsonl}]"]), Variation(spec: eval), "/spec/evaluation/datasets"),
        ("EVAL-02", Variation(spec: eval + ["  ciGate: true"]), Variation(spec: eval + ["  ciGate: false"]), "/spec/evaluation/ciGate"),
        ("EVAL-03", Variation(spec: eval + ["  metrics: [hallucination]", "  thresholds: {hallucination: 0.1}"]),
         Variation(spec: eval + ["  metrics: [hallucination]"]), "/spec/evaluation/metrics"),
        ("OBS-01", Variation(spec: ["observability: {tracing: {backend: otel}}"]), Variation(), "/spec/observability/tracing"),
        ("OBS-02", Variation(), Variation(spec: ["observability: {logging: {structured: false}}"]), "/spec/observability/logging/structured"),
        ("OBS-03", Variation(spec: ["observability: {logging: {redactFields: [password]}}"]), Variation(), "/spec/observability/logging/redactFields"),
        ("META-01", Variation(), Variation(description: "   "), "/metadata/description"),
        ("META-02", Variation(model: ["parameters: {temperature: 1.5}"]), Variation(model: ["parameters: {temperature: 1.6}"]), "/spec/model/parameters/temperature"),
    ]

    @Test func everyCatalogueRuleHasACase() {
        #expect(Set(Self.cases.map(\.0)) == Set(AuditRule.catalogue.map(\.id)))
        #expect(AuditRule.catalogue.count == 27)
    }

    @Test(arguments: cases.indices) func passesAndFails(_ i: Int) throws {
        let (id, pass, fail, pointer) = Self.cases[i]
        let rule = try #require(AuditRule.rule(id: id))
        #expect(rule.evaluate(try pass.manifest()) == .pass, "\(id) should pass")
        guard case .fail(_, let got) = rule.evaluate(try fail.manifest()) else {
            Issue.record("\(id) should fail")
            return
        }
        #expect(got == pointer)
    }

    @Test func apiKeyMessagesDifferForLiteralAndEnv() throws {
        let rule = try #require(AuditRule.rule(id: "SEC-LLM-10"))
        let env = rule.evaluate(try Variation(apiKey: "$env:K").manifest())
        let literal = rule.evaluate(try Variation(apiKey: "sk-123").manifest())
        #expect(env != literal)
    }
}
