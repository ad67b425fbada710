// ManifestDecoder: YAML tree -> `Manifest`, section by section, against the closed
// schema. Field checks and the cross-field checks that sit inside one section run
// here; checks spanning sections run in `CrossFieldChecks` on the decoded manifest.

/// Decodes a manifest's YAML tree, collecting every problem.
struct ManifestDecoder {
    let d: SchemaDecoder

    func decode(_ root: YAMLNode) -> Manifest? {
        let top = SourcePosition(line: 1, column: 1)
        guard let f = d.fields(root, path: "", keyPosition: top, allowed: ["apiVersion", "kind", "metadata", "spec"]) else { return nil }
        if let v = f.string("apiVersion", required: true), v != Manifest.apiVersion {
            d.report("apiVersion", at: f.node["apiVersion"]?.position ?? top, "must be \"\(Manifest.apiVersion)\", got \"\(v)\"")
        }
        if let v = f.string("kind", required: true), v != Manifest.kind {
            d.report("kind", at: f.node["kind"]?.position ?? top, "must be \"\(Manifest.kind)\", got \"\(v)\"")
        }
        let metadata = f.object("metadata", required: true, allowed: ["name", "version", "description", "tags", "author", "license"], decodeMetadata)
        let spec = f.object("spec", required: true, allowed: [
            "model", "prompts", "tools", "mcp", "memory", "subagents", "api", "skills", "guardrails",
            "humanInTheLoop", "evaluation", "observability", "compliance", "requires",
        ], decodeSpec)
        guard let metadata, let spec else { return nil }
        return Manifest(metadata: metadata, spec: spec)
    }

    func decodeMetadata(_ f: Fields) -> Metadata? {
        let name = f.string("name", required: true, pattern: Patterns.slug, matches: Patterns.isSlug)
        let version = f.string("version", required: true, pattern: Patterns.semver, matches: Patterns.isSemver)
        var description = f.string("description", required: true)
        if let text = description, text.isEmpty {
            d.report(f.path("description"), at: f.node["description"]?.position ?? f.keyPosition, "must not be empty")
            description = nil
        }
        let tags = f.stringList("tags")
        let author = f.string("author")
        let license = f.string("license")
        guard let name, let version, let description else { return nil }
        return Metadata(name: name, version: version, description: description, tags: tags ?? [], author: author, license: license)
    }

    func decodeSpec(_ f: Fields) -> Spec? {
        let model = f.object("model", required: true, allowed: ["provider", "id", "apiKey", "parameters", "fallback", "costControls"], decodeModel)
        let prompts = f.object("prompts", required: true, allowed: ["system", "fallback", "hotReload", "variables"], decodePrompts)
        let tools = decodeTools(f)
        let mcp = f.object("mcp", allowed: ["servers"], decodeMCP)
        let memory = f.object("memory", allowed: ["shortTerm", "longTerm", "vector", "hygiene"], decodeMemory)
        let subagents = decodeSubagents(f)
        let api = f.object("api", allowed: [
            "type", "port", "pathPrefix", "auth", "rateLimit", "streaming", "healthEndpoint",
            "metricsEndpoint", "corsOrigins", "chatEndpoint",
        ], decodeAPI)
        let skills = f.objectList("skills", allowed: ["id", "version"]) { s, _ in
            s.string("id", required: true).map { Skill(id: $0, version: s.string("version")) }
        }
        let guardrails = f.object("guardrails", allowed: ["input", "output"], decodeGuardrails)
        let hitl = f.object("humanInTheLoop", allowed: ["enabled", "approvalRequired", "timeoutSeconds", "timeoutAction", "notifyVia", "webhookUrl"], decodeHumanInTheLoop)
        let evaluation = f.object("evaluation", allowed: ["framework", "datasets", "metrics", "thresholds", "ciGate"], decodeEvaluation)
        let observability = f.object("observability", allowed: ["tracing", "metrics", "logging"], decodeObservability)
        let compliance = f.object("compliance", allowed: ["packs", "suppressions", "auditSchedule"], decodeCompliance)
        let requires = f.object("requires", allowed: ["envVars", "services", "minimumMemoryMB", "nodeVersion", "pythonVersion"], decodeRequirements)
        if let hitl, hitl.approvalRequired.contains(.onHighCost), model?.costControls?.alertAtUSD == nil {
            let item = f.node["humanInTheLoop"]?["approvalRequired"]?.items?.first { $0.scalar?.text == "on-high-cost" }
            d.report("spec.humanInTheLoop.approvalRequired", at: item?.position ?? f.keyPosition(of: "humanInTheLoop"),
                     "on-high-cost needs spec.model.costControls.alertAtUSD", code: .crossField)
        }
        guard let model, let prompts else { return nil }
        return Spec(model: model, prompts: prompts, tools: tools ?? [], mcp: mcp, memory: memory,
                    subagents: subagents ?? [], api: api, skills: skills ?? [], guardrails: guardrails,
                    humanInTheLoop: hitl, evaluation: evaluation, observability: observability,
                    compliance: compliance, requires: requires)
    }

    func decodeModel(_ f: Fields) -> ModelConfig? {
        let provider = f.string("provider", required: true)
        let id = f.string("id", required: true)
        let apiKey = f.ref("apiKey", required: true)
        let parameters = f.object("parameters", allowed: ["temperature", "maxTokens", "topP", "frequencyPenalty", "presencePenalty"]) { p in
            ModelParameters(temperature: p.number("temperature", in: 0...2), maxTokens: p.int("maxTokens", min: 1),
                            topP: p.number("topP", in: 0...1), frequencyPenalty: p.number("frequencyPenalty"),
                            presencePenalty: p.number("presencePenalty"))
        }
        let fallback = f.object("fallback", allowed: ["provider", "id", "apiKey", "triggerOn", "maxRetries"]) { b -> ModelFallback? in
            let provider = b.string("provider", required: true)
            let id = b.string("id", required: true)
            let apiKey = b.ref("apiKey", required: true)
            let triggers = b.enumList("triggerOn", as: ModelFallback.Trigger.self)
            let retries = b.int("maxRetries", min: 0, max: 10)
            guard let provider, let id, let apiKey else { return nil }
            return ModelFallback(provider: provider, id: id, apiKey: apiKey, triggerOn: triggers ?? [], maxRetries: retries)
        }
        let cost = f.object("costControls", allowed: ["maxMonthlyUSD", "alertAtUSD"]) { c -> CostControls in
            let controls = CostControls(maxMonthlyUSD: c.number("maxMonthlyUSD", exclusiveMinimum: 0),
                                        alertAtUSD: c.number("alertAtUSD", exclusiveMinimum: 0))
            if let alert = controls.alertAtUSD, let max = controls.maxMonthlyUSD, alert > max {
                d.report(c.path("alertAtUSD"), at: c.node["alertAtUSD"]?.position ?? c.keyPosition,
                         "must not exceed maxMonthlyUSD (\(Fields.format(max))), got \(Fields.format(alert))", code: .crossField)
            }
            return controls
        }
        if let fb = fallback, fb.provider == provider, fb.id == id {
            d.report(f.path("fallback"), at: f.keyPosition(of: "fallback"),
                     "must differ from the primary model (both are \(fb.provider)/\(fb.id))", code: .crossField)
        }
        guard let provider, let id, let apiKey else { return nil }
        return ModelConfig(provider: provider, id: id, apiKey: apiKey, parameters: parameters, fallback: fallback, costControls: cost)
    }

    func decodePrompts(_ f: Fields) -> Prompts? {
        let system = f.ref("system", required: true)
        let fallback = f.string("fallback")
        let hotReload = f.bool("hotReload")
        let variables = f.objectList("variables", allowed: ["name", "value"]) { v, _ -> PromptVariable? in
            let name = v.string("name", required: true)
            let value = v.ref("value", required: true)
            guard let name, let value else { return nil }
            return PromptVariable(name: name, value: value)
        }
        f.checkUnique("variables", nameKey: "name", what: "prompt variable")
        guard let system else { return nil }
        return Prompts(system: system, fallback: fallback, hotReload: hotReload ?? false, variables: variables ?? [])
    }

    func decodeTools(_ f: Fields) -> [Tool]? {
        let tools = f.objectList("tools", allowed: ["name", "type", "description", "module", "function", "annotations"]) { t, _ -> Tool? in
            let name = t.string("name", required: true, pattern: Patterns.slug, matches: Patterns.isSlug)
            let type = t.enumValue("type", required: true, as: Tool.Kind.self)
            let description = t.string("description", required: true)
            let module = t.string("module")
            let function = t.string("function")
            let annotations = t.object("annotations", allowed: ["readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint"]) { a in
                ToolAnnotations(readOnlyHint: a.bool("readOnlyHint"), destructiveHint: a.bool("destructiveHint"),
                                idempotentHint: a.bool("idempotentHint"), openWorldHint: a.bool("openWorldHint"))
            }
            if let module, module.hasPrefix("$") {
                _ = Fields.ref(t.node["module"] ?? t.node, path: t.path("module"), decoder: d)
            }
            guard let name, let type, let description else { return nil }
            return Tool(name: name, type: type, description: description, module: module, function: function, annotations: annotations)
        }
        f.checkUnique("tools", nameKey: "name", what: "tool")
        return tools
    }
}
