// PolicyGenerator: manifest -> `policy.rego` + `data.json`, the policy the sidecar
// evaluates (`data.agentspec.agent.<name>.deny`, a set of violation ids). One deny
// rule per manifest declaration; input fields are the contract's (`DecisionInputField`).
// The agent's values sit under its own package (`data.agentspec.agent.<name>.<key>`,
// beside the rules `allow` and `deny`, which no value key equals), so several agents'
// bundles load into one OPA without colliding.
// Invariants: the output always compiles (a manifest that declares nothing gets an
// empty deny set), and it is deterministic — same manifest, same bytes.
import PolicyVM

/// A generated policy bundle.
public struct GeneratedPolicy: Sendable {
    /// `agentspec.agent.gymcoach`
    public var packageName: String
    /// `data.agentspec.agent.gymcoach.deny`
    public var denyQuery: String
    /// Where the agent's values sit: `data.agentspec.agent.gymcoach`.
    public var dataPath: String
    /// The agent's values (thresholds, tool lists, …), as the policy reads them below `dataPath`.
    public var values: Value
    /// Violation ids, in rule order.
    public var ruleIds: [String]
    /// The text of `policy.rego`.
    public var rego: String
    /// The document of `data.json`: `values` nested at `dataPath` from the root of `data`.
    public var data: Value
    /// The text of `data.json` (sorted keys, two-space indent, final newline).
    public var dataJSON: String { JSONWriter.writePretty(data) + "\n" }
}

/// Writes the Rego policy and data for a manifest.
public enum PolicyGenerator {
    public static func generate(_ manifest: Manifest) -> GeneratedPolicy {
        let spec = manifest.spec
        let segment = packageSegment(manifest.metadata.name)
        let packagePath = DecisionQuery.packagePrefix + segment
        let values = "data." + packagePath
        var data: RegoObject = [:]
        var rules: [DenyRule] = []
        typealias Field = DecisionInputField
        let llmCall = "\(Field.requestType.reference) == \(quote(Field.llmCall))"

        var seenTypes = Set<String>()
        var declaredTypes: [Value] = []
        for guardrail in spec.guardrails?.input ?? [] where seenTypes.insert(guardrail.type).inserted {
            declaredTypes.append(.string(guardrail.type))
            rules.append(DenyRule(id: guardrail.type.replacing("-", with: "_") + "_not_invoked",
                                  why: "the \(guardrail.type) input guardrail must run on every LLM call",
                                  body: [llmCall, "not \(quote(guardrail.type)) in \(Field.guardrailsInvoked.reference)"]))
        }

        let output = spec.guardrails?.output ?? []
        if let threshold = output.compactMap({ if case .toxicityFilter(let t, _) = $0 { return t } else { return nil } }).first {
            data["toxicityThreshold"] = number(threshold)
            rules.append(DenyRule(id: "toxicity_threshold_exceeded", why: "toxicity-filter threshold",
                                  body: [llmCall, "\(Field.toxicityScore.reference) >= \(values).toxicityThreshold"]))
        }
        if let threshold = output.compactMap({ if case .hallucinationDetector(let t, _, _) = $0 { return t } else { return nil } }).first {
            data["hallucinationThreshold"] = number(threshold)
            rules.append(DenyRule(id: "hallucination_threshold_exceeded", why: "hallucination-detector threshold",
                                  body: [llmCall, "\(Field.hallucinationScore.reference) >= \(values).hallucinationThreshold"]))
        }
        if let cost = spec.model.costControls {
            if let alert = cost.alertAtUSD { data["alertAtUSD"] = number(alert) }
            if let max = cost.maxMonthlyUSD {
                data["maxMonthlyUSD"] = number(max)
                rules.append(DenyRule(id: "monthly_cost_limit_exceeded", why: "today's spend, projected over 30 days, passes costControls.maxMonthlyUSD",
                                      body: [llmCall, "\(Field.costTodayUSD.reference) * 30 > \(values).maxMonthlyUSD"]))
            }
        }
        if let ttl = spec.memory?.shortTerm?.ttlSeconds {
            data["shortTermTtlSeconds"] = .int(ttl)
            rules.append(DenyRule(id: "memory_ttl_mismatch", why: "memory writes must use memory.shortTerm.ttlSeconds",
                                  body: ["\(MemoryWriteField.ttlSeconds.reference) != \(values).shortTermTtlSeconds"]))
        }
        if !(spec.memory?.hygiene?.piiScrubFields.isEmpty ?? true) {
            rules.append(DenyRule(id: "memory_pii_not_scrubbed", why: "memory.hygiene.piiScrubFields: memory writes must be PII-scrubbed",
                                  body: ["\(MemoryWriteField.piiScrubbed.reference) == false"]))
        }
        let destructive = spec.tools.filter(\.isDestructive).map(\.name)
        data["destructiveTools"] = .array(destructive.map { .string($0) })
        if !destructive.isEmpty {
            rules.append(DenyRule(id: "destructive_tool_without_confirmation", why: "tools with annotations.destructiveHint need the user's confirmation",
                                  body: ["some tool in \(Field.toolsCalled.reference)", "tool in \(values).destructiveTools",
                                         "not \(Field.userConfirmed.reference)"]))
        }
        // The values only policies/ (the shared behavioural library) reads.
        data["inputGuardrails"] = .array(declaredTypes)
        data["piiScrubFields"] = .array((spec.memory?.hygiene?.piiScrubFields ?? []).map { .string($0) })
        data["tools"] = .array(spec.tools.map { .string($0.name) })
        data["piiFields"] = .array(piiFields(spec).map { .string($0) })
        data["blockedTopics"] = .array(blockedTopics(spec).map { .string($0) })

        let rego = render(manifest: manifest, packagePath: packagePath, rules: rules)
        let agentKey = manifest.metadata.name.replacing("-", with: "_")
        let document: Value = ["agentspec": ["agent": .object([.string(agentKey): .object(data)])]]
        return GeneratedPolicy(packageName: packagePath, denyQuery: "\(values).\(DecisionQuery.rule)", dataPath: values, values: .object(data),
                               ruleIds: rules.map(\.id), rego: rego, data: document)
    }

    /// One `deny contains "<id>" if { … }` rule.
    struct DenyRule {
        var id: String
        var why: String
        var body: [String]
    }

    private static func render(manifest: Manifest, packagePath: String, rules: [DenyRule]) -> String {
        var out = """
        # Generated by `agentspec generate-policy` from the manifest of agent \
        "\(manifest.metadata.name)" \(manifest.metadata.version). Regenerate instead of editing.
        # Query data.\(packagePath).deny for the set of violation ids; input fields follow
        # the sidecar contract (request_type, guardrails_invoked, tools_called, …); the
        # agent's values (data.json) sit beside the rules, at data.\(packagePath).
        package \(packagePath)

        import rego.v1

        default allow := false

        allow if count(deny) == 0

        """
        if rules.isEmpty {
            out += "\n# The manifest declares nothing to enforce.\ndeny := set()\n"
        }
        for rule in rules {
            out += "\n# \(rule.why)\ndeny contains \(quote(rule.id)) if {\n"
            for line in rule.body { out += "\t\(line)\n" }
            out += "}\n"
        }
        return out
    }

    /// `.gymcoach`, or `["1agent"]` when the name is not a Rego identifier (or is a keyword).
    static func packageSegment(_ name: String) -> String {
        let ident = name.replacing("-", with: "_")
        let keywords: Set<String> = ["as", "contains", "default", "else", "every", "false", "if", "import", "in",
                                     "not", "null", "package", "some", "true", "with", "data", "input"]
        if let first = ident.unicodeScalars.first, first != "_", !("0"..."9").contains(first), !keywords.contains(ident) {
            return "." + ident
        }
        return "[\(quote(ident))]"
    }

    private static func quote(_ s: String) -> String { JSONWriter.write(.string(s)) }

    private static func number(_ d: Double) -> Value { .number(Number(d)) }

    /// Every PII field the manifest names (memory hygiene and PII guardrails), sorted.
    static func piiFields(_ spec: Spec) -> [String] {
        var fields = Set(spec.memory?.hygiene?.piiScrubFields ?? [])
        for g in spec.guardrails?.input ?? [] { if case .piiDetector(_, let f) = g { fields.formUnion(f) } }
        for g in spec.guardrails?.output ?? [] { if case .piiDetector(_, let f) = g { fields.formUnion(f) } }
        return fields.sorted()
    }

    /// Every blocked topic of the topic filters, in declaration order, once each.
    static func blockedTopics(_ spec: Spec) -> [String] {
        var seen = Set<String>()
        var topics: [String] = []
        for g in spec.guardrails?.input ?? [] {
            if case .topicFilter(let blocked, _, _) = g { topics += blocked.filter { seen.insert($0).inserted } }
        }
        return topics
    }
}
