// ManifestViews: the JSON the control plane serves from the manifest alone — the
// exploration view (/agentspec/explore) and the agent card (/agentspec/capabilities,
// /.well-known/agent.json). Pure functions of the manifest and a little live state.
// Invariant: a URL the manifest writes literally is shown without its userinfo, query
// values and fragment (URLSecrets): a connection string often carries its password.
import AgentSpec
import PolicyVM

enum ManifestViews {
    /// What the sidecar can tell of a reference from its own environment. The agent's
    /// variables are the agent's (a generated deployment gives the sidecar none of them):
    /// one the sidecar does not see is `skip` — not checked here — never `missing`.
    static func refStatus(_ ref: RefOrLiteral?, environment: [String: String]) -> String {
        guard let ref else { return "not-configured" }
        switch ref {
        case .literal: return "configured"
        case .reference(.env(let name)):
            return environment[name].map { $0.isEmpty ? "missing" : "configured" } ?? "skip"
        case .reference:
            return "unverified"
        }
    }

    static func explore(_ m: Manifest, source: String, policySource: String, packageName: String, rules: [String],
                        bundle: (name: String, revision: String)? = nil,
                        uptimeSeconds: Int64, version: String, environment: [String: String]) -> Value {
        let tools: [Value] = m.spec.tools.map { t in
            .object(["name": .string(t.name), "type": .string(t.type.rawValue),
                     "readOnly": .bool(t.annotations?.readOnlyHint == true), "destructive": .bool(t.isDestructive),
                     "status": "declared"])
        }
        let subagents: [Value] = m.spec.subagents.map { s in
            var o: RegoObject = ["name": .string(s.name), "invocation": .string(s.invocation.rawValue)]
            switch s.ref {
            case .local(let path): o["ref"] = .object(["agentspec": .string(path)])
            case .a2a(let e): o["ref"] = .object(["a2a": .object(["url": .string(URLSecrets.masked(e.url.description))])])
            }
            return .object(o)
        }
        var dependencies: [Value] = (m.spec.requires?.services ?? []).map { s in
            .object(["type": .string(s.type.rawValue), "connection": .string(URLSecrets.masked(s.connection.description)),
                     "status": .string(refStatus(s.connection, environment: environment))])
        }
        for server in m.spec.mcp?.servers ?? [] {
            dependencies.append(.object(["type": "mcp", "connection": .string(URLSecrets.masked(server.url ?? server.command ?? server.name)),
                                         "status": "declared"]))
        }
        var policy: RegoObject = ["source": .string(policySource), "package": .string(packageName),
                                  "rules": .array(rules.map(Value.string))]
        // The BUNDLE_URL bundle compiled into the policy in force, as the status report names it.
        if let bundle { policy["bundle"] = .object(["name": .string(bundle.name), "revision": .string(bundle.revision)]) }
        return .object([
            "agent": .object(["name": .string(m.metadata.name), "version": .string(m.metadata.version)]),
            "source": .string(source),
            "model": .object(["provider": .string(m.spec.model.provider), "id": .string(m.spec.model.id),
                              "configStatus": .string(refStatus(m.spec.model.apiKey, environment: environment))]),
            "tools": .array(tools),
            "subagents": .array(subagents),
            "dependencies": .array(dependencies),
            "policy": .object(policy),
            "sidecar": .object(["version": .string(version), "uptimeSeconds": .number(.int(uptimeSeconds))]),
        ])
    }

    /// The card's version of the old AgentSpec card format (`schema_version`).
    static let cardSchemaVersion = "1.0"

    /// The agent card: the old AgentSpec card's fields (`schema_version`, `name`,
    /// `description`, `version`, `tools[]` with `name` and `description`, `capabilities`,
    /// `agentspec_version`: the manifest format) beside the A2A card's (`skills`, `url`,
    /// `provider`, input and output modes), so readers of either find theirs.
    static func agentCard(_ m: Manifest, url: String, version: String) -> Value {
        var skills: [Value] = m.spec.tools.map { t in
            .object(["id": .string(t.name), "name": .string(t.name), "description": .string(t.description)])
        }
        for s in m.spec.skills {
            skills.append(.object(["id": .string(s.id), "name": .string(s.id), "description": .string(s.id)]))
        }
        let tools: [Value] = m.spec.tools.map { t in .object(["name": .string(t.name), "description": .string(t.description)]) }
        return .object([
            "schema_version": .string(cardSchemaVersion),
            "agentspec_version": .string(Manifest.apiVersion),
            "tools": .array(tools),
            "name": .string(m.metadata.name),
            "description": .string(m.metadata.description),
            "version": .string(m.metadata.version),
            "url": .string(url),
            "capabilities": .object(["streaming": .bool(m.spec.api?.streaming ?? false), "pushNotifications": .false]),
            "defaultInputModes": ["text"],
            "defaultOutputModes": ["text"],
            "skills": .array(skills),
            "provider": .object(["organization": .string(m.metadata.author ?? "unknown")]),
            "agentspec": .object(["sidecarVersion": .string(version)]),
        ])
    }
}
