// AuditCatalogue: the rules `agentspec audit` knows, in report order. Messages and
// recommendations are this project's own; conditions follow the published catalogue.

extension AuditRule {
    /// Every rule, grouped by pack.
    public static let catalogue: [AuditRule] = modelRules + owaspRules + memoryRules + otherRules

    private static func isLatest(_ id: String) -> Bool { id == "latest" || id.hasSuffix(":latest") }

    private static func piiScrubbed(_ m: Manifest) -> Bool {
        m.spec.memory?.longTerm == nil || !(m.spec.memory?.hygiene?.piiScrubFields.isEmpty ?? true)
    }

    private static let modelRules: [AuditRule] = [
        AuditRule(id: "MODEL-01", pack: .modelResilience, severity: .high, evidence: .external,
                  title: "Fallback model declared", recommendation: "Add spec.model.fallback so an outage of the primary model does not take the agent down.") { m in
            .when(m.spec.model.fallback != nil, "no fallback model is declared", "/spec/model/fallback")
        },
        AuditRule(id: "MODEL-02", pack: .modelResilience, severity: .medium, evidence: .probed,
                  title: "Model version pinned", recommendation: "Pin spec.model.id to a specific model version instead of 'latest'.") { m in
            .when(!isLatest(m.spec.model.id), "model id \"\(m.spec.model.id)\" floats with 'latest'", "/spec/model/id")
        },
        AuditRule(id: "MODEL-03", pack: .modelResilience, severity: .medium, evidence: .external,
                  title: "Monthly cost cap set", recommendation: "Set spec.model.costControls.maxMonthlyUSD.") { m in
            .when((m.spec.model.costControls?.maxMonthlyUSD ?? 0) > 0, "no monthly cost cap is set", "/spec/model/costControls/maxMonthlyUSD")
        },
        AuditRule(id: "MODEL-04", pack: .modelResilience, severity: .low, evidence: .external,
                  title: "Fallback retries bounded", recommendation: "Set spec.model.fallback.maxRetries (0 is fine).") { m in
            .when(m.spec.model.fallback == nil || m.spec.model.fallback?.maxRetries != nil,
                  "the fallback does not say how often to retry", "/spec/model/fallback/maxRetries")
        },
    ]

    private static let owaspRules: [AuditRule] = [
        AuditRule(id: "SEC-LLM-01", pack: .owaspLLMTop10, severity: .high, evidence: .behavioral,
                  title: "Prompt injection defence", recommendation: "Add an input guardrail of type prompt-injection or topic-filter.") { m in
            let types = m.spec.guardrails?.input.map(\.type) ?? []
            return .when(types.contains("prompt-injection") || types.contains("topic-filter"),
                         "no prompt-injection or topic-filter input guardrail", "/spec/guardrails/input")
        },
        AuditRule(id: "SEC-LLM-02", pack: .owaspLLMTop10, severity: .high, evidence: .behavioral,
                  title: "Output handling", recommendation: "Add at least one output guardrail (toxicity, hallucination or PII).") { m in
            .when(!(m.spec.guardrails?.output.isEmpty ?? true), "no output guardrail checks model responses", "/spec/guardrails/output")
        },
        AuditRule(id: "SEC-LLM-03", pack: .owaspLLMTop10, severity: .medium, evidence: .probed,
                  title: "System prompt kept in a file", recommendation: "Move the system prompt to a file and reference it with $file:.") { m in
            if case .reference(.file) = m.spec.prompts.system { return .pass }
            return .fail("the system prompt is not a $file: reference", pointer: "/spec/prompts/system")
        },
        AuditRule(id: "SEC-LLM-04", pack: .owaspLLMTop10, severity: .medium, evidence: .external,
                  title: "Denial-of-wallet limits", recommendation: "Set spec.api.rateLimit.requestsPerMinute or spec.model.costControls.maxMonthlyUSD.") { m in
            .when(m.spec.api?.requestsPerMinute != nil || m.spec.model.costControls?.maxMonthlyUSD != nil,
                  "neither a rate limit nor a monthly cost cap is set", "/spec/api/rateLimit")
        },
        AuditRule(id: "SEC-LLM-05", pack: .owaspLLMTop10, severity: .medium, evidence: .probed,
                  title: "Model supply chain pinned", recommendation: "Name the provider and a pinned model id.") { m in
            let ok = !m.spec.model.provider.isEmpty && !m.spec.model.id.isEmpty && m.spec.model.id != "latest"
            return .when(ok, "the model provider or id is empty or 'latest'", "/spec/model/id")
        },
        AuditRule(id: "SEC-LLM-06", pack: .owaspLLMTop10, severity: .critical, evidence: .external,
                  title: "PII scrubbed from long-term memory", recommendation: "List the PII fields to scrub in spec.memory.hygiene.piiScrubFields.") { m in
            .when(piiScrubbed(m), "long-term memory keeps data without PII scrubbing", "/spec/memory/hygiene/piiScrubFields")
        },
        AuditRule(id: "SEC-LLM-07", pack: .owaspLLMTop10, severity: .medium, evidence: .external,
                  title: "Tools annotated", recommendation: "Give every tool an annotations object (readOnlyHint, destructiveHint, …).") { m in
            guard let i = m.spec.tools.firstIndex(where: { $0.annotations == nil }) else { return .pass }
            return .fail("tool \"\(m.spec.tools[i].name)\" has no annotations", pointer: "/spec/tools/\(i)")
        },
        AuditRule(id: "SEC-LLM-08", pack: .owaspLLMTop10, severity: .high, evidence: .external,
                  title: "Destructive tools declared", recommendation: "Set annotations.destructiveHint on every tool so destructive ones can be gated.") { m in
            guard let i = m.spec.tools.firstIndex(where: { $0.annotations?.destructiveHint == nil }) else { return .pass }
            let pointer = m.spec.tools[i].annotations == nil ? "/spec/tools/\(i)" : "/spec/tools/\(i)/annotations"
            return .fail("tool \"\(m.spec.tools[i].name)\" does not say whether it is destructive", pointer: pointer)
        },
        AuditRule(id: "SEC-LLM-09", pack: .owaspLLMTop10, severity: .medium, evidence: .probed,
                  title: "Evaluation gates releases", recommendation: "Declare spec.evaluation with a framework and ciGate: true.") { m in
            .when(m.spec.evaluation?.ciGate == true, m.spec.evaluation == nil ? "no evaluation is declared" : "evaluation does not gate CI",
                  m.spec.evaluation == nil ? "/spec/evaluation" : "/spec/evaluation/ciGate")
        },
        AuditRule(id: "SEC-LLM-10", pack: .owaspLLMTop10, severity: .high, evidence: .probed,
                  title: "API key from a secret manager", recommendation: "Reference the model API key with $secret:.") { m in
            switch m.spec.model.apiKey {
            case .reference(.secret): return .pass
            case .reference(.env): return .fail("the API key comes from an environment variable, not a secret manager", pointer: "/spec/model/apiKey")
            case .literal: return .fail("the API key is written in the manifest", pointer: "/spec/model/apiKey")
            case .reference: return .fail("the API key is not a $secret: reference", pointer: "/spec/model/apiKey")
            }
        },
    ]

    private static let memoryRules: [AuditRule] = [
        AuditRule(id: "MEM-01", pack: .memoryHygiene, severity: .critical, evidence: .external,
                  title: "PII scrubbed from long-term memory", recommendation: "List the PII fields to scrub in spec.memory.hygiene.piiScrubFields.") { m in
            .when(piiScrubbed(m), "long-term memory keeps data without PII scrubbing", "/spec/memory/hygiene/piiScrubFields")
        },
        AuditRule(id: "MEM-02", pack: .memoryHygiene, severity: .high, evidence: .probed,
                  title: "Memory expires", recommendation: "Set shortTerm.ttlSeconds and longTerm.ttlDays.") { m in
            if let s = m.spec.memory?.shortTerm, s.ttlSeconds == nil {
                return .fail("short-term memory has no ttlSeconds", pointer: "/spec/memory/shortTerm")
            }
            if let l = m.spec.memory?.longTerm, l.ttlDays == nil {
                return .fail("long-term memory has no ttlDays", pointer: "/spec/memory/longTerm")
            }
            return .pass
        },
        AuditRule(id: "MEM-03", pack: .memoryHygiene, severity: .medium, evidence: .probed,
                  title: "Memory access audited", recommendation: "Set spec.memory.hygiene.auditLog: true.") { m in
            .when(m.spec.memory?.longTerm == nil || m.spec.memory?.hygiene?.auditLog == true,
                  "long-term memory is not audit-logged", "/spec/memory/hygiene/auditLog")
        },
        AuditRule(id: "MEM-04", pack: .memoryHygiene, severity: .medium, evidence: .probed,
                  title: "Vector memory namespaced", recommendation: "Set spec.memory.vector.namespace.") { m in
            .when(m.spec.memory?.vector == nil || m.spec.memory?.vector?.namespace != nil,
                  "vector memory has no namespace", "/spec/memory/vector")
        },
        AuditRule(id: "MEM-05", pack: .memoryHygiene, severity: .low, evidence: .probed,
                  title: "Short-term memory bounded", recommendation: "Set spec.memory.shortTerm.maxTokens.") { m in
            .when(m.spec.memory?.shortTerm == nil || m.spec.memory?.shortTerm?.maxTokens != nil,
                  "short-term memory has no maxTokens", "/spec/memory/shortTerm")
        },
    ]

    private static let otherRules: [AuditRule] = [
        AuditRule(id: "EVAL-01", pack: .evaluationCoverage, severity: .medium, evidence: .probed,
                  title: "Evaluation datasets", recommendation: "Declare at least one dataset in spec.evaluation.datasets.") { m in
            .when(!(m.spec.evaluation?.datasets.isEmpty ?? true), "no evaluation dataset is declared", "/spec/evaluation/datasets")
        },
        AuditRule(id: "EVAL-02", pack: .evaluationCoverage, severity: .medium, evidence: .probed,
                  title: "Evaluation gates CI", recommendation: "Set spec.evaluation.ciGate: true.") { m in
            .when(m.spec.evaluation?.ciGate == true, "evaluation does not gate CI", "/spec/evaluation/ciGate")
        },
        AuditRule(id: "EVAL-03", pack: .evaluationCoverage, severity: .medium, evidence: .probed,
                  title: "Hallucination measured", recommendation: "Add the hallucination metric and a thresholds.hallucination value.") { m in
            let e = m.spec.evaluation
            let ok = (e?.metrics.contains(.hallucination) ?? false) && (e?.thresholds.contains { $0.metric == "hallucination" } ?? false)
            return .when(ok, "hallucination is not measured against a threshold", "/spec/evaluation/metrics")
        },
        AuditRule(id: "OBS-01", pack: .observability, severity: .medium, evidence: .probed,
                  title: "Tracing enabled", recommendation: "Set spec.observability.tracing.backend.") { m in
            .when(m.spec.observability?.tracing != nil, "no tracing backend is set", "/spec/observability/tracing")
        },
        AuditRule(id: "OBS-02", pack: .observability, severity: .low, evidence: .behavioral,
                  title: "Structured logs", recommendation: "Leave spec.observability.logging.structured on.") { m in
            .when(m.spec.observability?.logging?.structured != false, "logging is not structured", "/spec/observability/logging/structured")
        },
        AuditRule(id: "OBS-03", pack: .observability, severity: .medium, evidence: .external,
                  title: "Sensitive fields redacted in logs", recommendation: "List fields to redact in spec.observability.logging.redactFields.") { m in
            .when(!(m.spec.observability?.logging?.redactFields.isEmpty ?? true), "no log fields are redacted", "/spec/observability/logging/redactFields")
        },
        AuditRule(id: "META-01", pack: .metadataQuality, severity: .low, evidence: .declarative,
                  title: "Agent described", recommendation: "Write a description in metadata.description.") { m in
            .when(m.metadata.description.contains { !$0.isWhitespace }, "the description is blank", "/metadata/description")
        },
        AuditRule(id: "META-02", pack: .metadataQuality, severity: .medium, evidence: .declarative,
                  title: "Temperature in a sane range", recommendation: "Keep spec.model.parameters.temperature at or below 1.5.") { m in
            let t = m.spec.model.parameters?.temperature
            return .when((t ?? 0) <= 1.5, "temperature \(t.map { Fields.format($0) } ?? "") is above 1.5", "/spec/model/parameters/temperature")
        },
    ]
}
