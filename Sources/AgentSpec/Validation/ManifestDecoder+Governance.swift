// ManifestDecoder+Governance: the sections that constrain behaviour — guardrails (unions
// discriminated by `type`), human approval, evaluation, observability, compliance.

extension ManifestDecoder {
    func decodeGuardrails(_ f: Fields) -> Guardrails? {
        let input = f.list("input") { node, path in decodeInputGuardrail(node, path: path) }
        let output = f.list("output") { node, path in decodeOutputGuardrail(node, path: path) }
        return Guardrails(input: input ?? [], output: output ?? [])
    }

    /// Reads `type` first, then the variant's fields (unknown keys judged against that variant).
    private func variant(_ node: YAMLNode, path: String, types: [String], fields: [String: [String]]) -> (String, Fields)? {
        guard node.pairs != nil else {
            d.report(path, at: node.position, "must be a mapping, got \(d.describe(node))")
            return nil
        }
        guard let typeNode = node["type"] else {
            d.report("\(path).type", at: node.position, "required field is missing (one of \(types.joined(separator: ", ")))")
            return nil
        }
        guard let type = Fields.string(typeNode, path: "\(path).type", decoder: d) else { return nil }
        guard let allowed = fields[type] else {
            d.report("\(path).type", at: typeNode.position, "must be one of \(types.joined(separator: ", ")), got \"\(type)\"\(Suggestion.hint(for: type, in: types))")
            return nil
        }
        guard let f = d.fields(node, path: path, keyPosition: node.position, allowed: ["type"] + allowed) else { return nil }
        return (type, f)
    }

    private func action(_ f: Fields, _ allowed: [GuardrailAction]) -> GuardrailAction? {
        guard let v = f.node("action", required: true) else { return nil }
        return Fields.enumValue(v, path: f.path("action"), decoder: d, allowed: allowed)
    }

    func decodeInputGuardrail(_ node: YAMLNode, path: String) -> InputGuardrail? {
        guard let (type, f) = variant(node, path: path, types: InputGuardrail.types, fields: [
            "topic-filter": ["blockedTopics", "action", "message"],
            "pii-detector": ["action", "fields"],
            "prompt-injection": ["action", "sensitivity"],
            "custom": ["module", "function", "action"],
        ]) else { return nil }
        switch type {
        case "topic-filter":
            let topics = f.list("blockedTopics", required: true) { Fields.string($0, path: $1, decoder: d) }
            let act = action(f, [.reject, .warn, .log])
            let message = f.string("message")
            guard let topics, let act else { return nil }
            return .topicFilter(blockedTopics: topics, action: act, message: message)
        case "pii-detector":
            let act = action(f, [.scrub, .reject, .warn])
            let fields = f.stringList("fields")
            return act.map { .piiDetector(action: $0, fields: fields ?? []) }
        case "prompt-injection":
            let act = action(f, [.reject, .warn])
            let sensitivity = f.enumValue("sensitivity", as: InputGuardrail.Sensitivity.self)
            return act.map { .promptInjection(action: $0, sensitivity: sensitivity) }
        default:
            let module = f.string("module", required: true)
            let function = f.string("function", required: true)
            let act = action(f, [.reject, .warn, .log])
            guard let module, let function, let act else { return nil }
            return .custom(module: module, function: function, action: act)
        }
    }

    func decodeOutputGuardrail(_ node: YAMLNode, path: String) -> OutputGuardrail? {
        guard let (type, f) = variant(node, path: path, types: OutputGuardrail.types, fields: [
            "hallucination-detector": ["threshold", "action", "maxRetries"],
            "toxicity-filter": ["threshold", "action"],
            "pii-detector": ["action", "fields"],
            "custom": ["module", "function", "action"],
        ]) else { return nil }
        switch type {
        case "hallucination-detector":
            let threshold = f.number("threshold", required: true, in: 0...1)
            let act = action(f, [.reject, .retry, .warn])
            let retries = f.int("maxRetries", min: 1, max: 5)
            guard let threshold, let act else { return nil }
            return .hallucinationDetector(threshold: threshold, action: act, maxRetries: retries)
        case "toxicity-filter":
            let threshold = f.number("threshold", required: true, in: 0...1)
            let act = action(f, [.reject, .warn])
            guard let threshold, let act else { return nil }
            return .toxicityFilter(threshold: threshold, action: act)
        case "pii-detector":
            let act = action(f, [.scrub, .reject, .warn])
            let fields = f.stringList("fields")
            return act.map { .piiDetector(action: $0, fields: fields ?? []) }
        default:
            let module = f.string("module", required: true)
            let function = f.string("function", required: true)
            let act = action(f, [.reject, .warn, .log])
            guard let module, let function, let act else { return nil }
            return .custom(module: module, function: function, action: act)
        }
    }

    func decodeHumanInTheLoop(_ f: Fields) -> HumanInTheLoop? {
        var h = HumanInTheLoop()
        if let v = f.bool("enabled") { h.enabled = v }
        if let v = f.enumList("approvalRequired", as: HumanInTheLoop.Approval.self) { h.approvalRequired = v }
        if let v = f.int("timeoutSeconds", min: 1, max: 3600) { h.timeoutSeconds = v }
        if let v = f.enumValue("timeoutAction", as: HumanInTheLoop.TimeoutAction.self) { h.timeoutAction = v }
        if let v = f.enumList("notifyVia", as: HumanInTheLoop.Channel.self) { h.notifyVia = v }
        h.webhookUrl = f.ref("webhookUrl", isURL: true)
        return h
    }

    func decodeEvaluation(_ f: Fields) -> Evaluation? {
        let framework = f.enumValue("framework", required: true, as: Evaluation.Framework.self)
        let datasets = f.objectList("datasets", allowed: ["name", "path"]) { s, _ -> Dataset? in
            let name = s.string("name", required: true)
            let path = s.ref("path", required: true)
            guard let name, let path else { return nil }
            return Dataset(name: name, path: path)
        }
        f.checkUnique("datasets", nameKey: "name", what: "dataset")
        let metrics = f.enumList("metrics", as: Evaluation.Metric.self)
        var thresholds: [(metric: String, value: Double)] = []
        if let node = f.node("thresholds") {
            if let pairs = node.pairs {
                for pair in pairs {
                    let key = pair.key.scalar?.text ?? "?"
                    if let v = Fields.number(pair.value, path: "\(f.path("thresholds")).\(key)", decoder: d, in: 0...1) {
                        thresholds.append((key, v))
                    }
                }
            } else {
                d.report(f.path("thresholds"), at: node.position, "must be a mapping of metric names to numbers, got \(d.describe(node))")
            }
        }
        let ciGate = f.bool("ciGate")
        guard let framework else { return nil }
        return Evaluation(framework: framework, datasets: datasets ?? [], metrics: metrics ?? [], thresholds: thresholds, ciGate: ciGate ?? false)
    }

    func decodeObservability(_ f: Fields) -> Observability? {
        let tracing = f.object("tracing", allowed: ["backend", "endpoint", "publicKey", "secretKey", "sampleRate"]) { t -> Tracing? in
            let backend = t.enumValue("backend", required: true, as: Tracing.Backend.self)
            let tracing = Tracing(backend: .otel, endpoint: t.ref("endpoint"), publicKey: t.ref("publicKey"),
                                  secretKey: t.ref("secretKey"), sampleRate: t.number("sampleRate", in: 0...1) ?? 1.0)
            guard let backend else { return nil }
            var result = tracing
            result.backend = backend
            return result
        }
        let metrics = f.object("metrics", allowed: ["backend", "endpoint", "serviceName"]) { m -> Metrics? in
            let backend = m.enumValue("backend", required: true, as: Metrics.Backend.self)
            let endpoint = m.ref("endpoint")
            let service = m.string("serviceName")
            guard let backend else { return nil }
            return Metrics(backend: backend, endpoint: endpoint, serviceName: service)
        }
        let logging = f.object("logging", allowed: ["level", "structured", "redactFields"]) { l in
            Logging(level: l.enumValue("level", as: Logging.Level.self) ?? .info, structured: l.bool("structured"),
                    redactFields: l.stringList("redactFields") ?? [])
        }
        return Observability(tracing: tracing, metrics: metrics, logging: logging)
    }

    func decodeCompliance(_ f: Fields) -> Compliance? {
        let declarable: [CompliancePack] = [.owaspLLMTop10, .memoryHygiene, .modelResilience, .evaluationCoverage, .observability]
        let packs = f.enumList("packs", as: CompliancePack.self, allowed: declarable)
        let suppressions = f.objectList("suppressions", allowed: ["rule", "reason", "approvedBy", "expires"]) { s, index -> Suppression? in
            let rule = s.string("rule", required: true)
            let reason = s.string("reason", required: true)
            let approvedBy = s.string("approvedBy")
            var expires = s.string("expires")
            if let e = expires, CivilTime.parseDate(e) == nil {
                d.report(s.path("expires"), at: s.node["expires"]?.position ?? s.keyPosition, "must be a date YYYY-MM-DD, got \"\(e)\"")
                expires = nil
            }
            if let rule, AuditRule.rule(id: rule) == nil {
                let hint = Suggestion.hint(for: rule, in: AuditRule.catalogue.map(\.id))
                d.report(s.path("rule"), at: s.node["rule"]?.position ?? s.keyPosition,
                         "unknown audit rule \"\(rule)\"\(hint)", code: .unknownSuppressionRule)
            }
            guard let rule, let reason else { return nil }
            return Suppression(rule: rule, reason: reason, approvedBy: approvedBy, expires: expires, position: s.node.position, index: index)
        }
        let schedule = f.enumValue("auditSchedule", as: Compliance.Schedule.self)
        return Compliance(packs: packs ?? [], suppressions: suppressions ?? [], auditSchedule: schedule)
    }
}
