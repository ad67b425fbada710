// ManifestBench: times `validate` (YAML parse + schema decode + all checks) on a
// generated 2,000-line manifest, median of N runs. Release builds only:
//   swift run -c release ManifestBench [runs]
// Target: under 20 ms per validation.
import AgentSpec

/// A valid manifest of about `lines` lines: every section once, then enough tools.
func generateManifest(lines target: Int) -> String {
    var lines = [
        "apiVersion: agentspec.io/v1", "kind: AgentSpec", "metadata:", "  name: bench-agent", "  version: 1.0.0",
        "  description: \"A generated manifest for timing validation\"", "  tags: [bench, generated]", "spec:",
        "  model:", "    provider: openai", "    id: gpt-4o", "    apiKey: $secret:openai-key",
        "    parameters: {temperature: 0.3, maxTokens: 500}",
        "    fallback: {provider: azure, id: gpt-4, apiKey: $env:AZURE_KEY, triggerOn: [rate_limit, timeout], maxRetries: 2}",
        "    costControls:", "      maxMonthlyUSD: 200", "      alertAtUSD: 150",
        "  prompts:", "    system: $file:prompts/system.md", "    hotReload: true", "    variables:",
        "      - name: today", "        value: $func:now_date",
        "  guardrails:", "    input:", "      - type: prompt-injection", "        action: reject", "        sensitivity: high",
        "    output:", "      - type: toxicity-filter", "        threshold: 0.7", "        action: reject",
        "  memory:", "    shortTerm: {backend: redis, maxTokens: 8000, ttlSeconds: 3600, connection: $env:REDIS_URL}",
        "  observability:", "    logging: {level: info, structured: true, redactFields: [api_key]}",
        "  tools:",
    ]
    var i = 0
    while lines.count < target {
        lines += [
            "    # tool \(i)",
            "    - name: tool-\(i)", "      type: function",
            "      description: \"Tool number \(i): does one well-described thing, with 'quotes' and escapes \\u00e9\"",
            "      module: $file:tools/impl.py", "      function: tool_\(i)",
            "      annotations:", "        readOnlyHint: \(i % 2 == 0)", "        destructiveHint: \(i % 7 == 0)",
            "        idempotentHint: true", "        openWorldHint: false",
        ]
        i += 1
    }
    return lines.joined(separator: "\n") + "\n"
}

let runs = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 200 : 200
let text = generateManifest(lines: 2000)
let lineCount = text.split(separator: "\n", omittingEmptySubsequences: false).count - 1
let check = ManifestLoader.load(text: text, file: "bench.yaml")
guard check.isValid else {
    for d in check.diagnostics.prefix(5) { print(d) }
    fatalError("the generated manifest must validate")
}

let clock = ContinuousClock()
var samples: [Duration] = []
var toolCount = 0
for _ in 0..<runs {
    let elapsed = clock.measure {
        let loaded = ManifestLoader.load(text: text, file: "bench.yaml")
        toolCount = loaded.manifest?.spec.tools.count ?? 0
    }
    samples.append(elapsed)
}
samples.sort()
/// Milliseconds with three decimals.
func ms(_ d: Duration) -> String {
    let v = Double(d.components.seconds) * 1e3 + Double(d.components.attoseconds) / 1e15
    return "\((v * 1000).rounded() / 1000) ms"
}
print("validate: \(lineCount) lines, \(text.utf8.count) bytes, \(toolCount) tools, \(runs) runs")
print("  median \(ms(samples[samples.count / 2]))  min \(ms(samples[0]))  p90 \(ms(samples[samples.count * 9 / 10]))  (target < 20 ms)")
