// StatusDocument: the sidecar's status in OPA's status-report format — `labels` (OPA's
// `id` and `version`, plus the agent's name and version), each section's fields
// (`bundles`, and whatever later sections add) and `plugins` with each section's state.
// The same document is POSTed to STATUS_URL and served at GET /agentspec/status.
// Invariant: built only from values that are safe to show — no token, no query string
// of a configured URL, no environment.
import PolicyVM

/// Who is reporting: OPA's `labels`.
struct StatusLabels: Sendable, Equatable {
    /// A random identifier for this process (OPA's `id`): a restarted sidecar is a new instance.
    var id: String
    /// The sidecar's version (OPA's `version` is OPA's own).
    var version: String
    var agent: String
    var agentVersion: String

    var value: Value {
        .object(["id": .string(id), "version": .string(version), "agent": .string(agent), "agent_version": .string(agentVersion)])
    }
}

enum StatusDocument {
    /// The document for `labels` and `sections`, in that order, then `plugins`.
    static func build(labels: StatusLabels, sections: [any StatusSection]) -> Value {
        var document: RegoObject = ["labels": labels.value]
        var plugins = RegoObject()
        for section in sections {
            for (key, value) in section.statusFields() { document[.string(key)] = value }
            plugins[.string(section.pluginName)] = .object(["state": .string(section.pluginState().rawValue)])
        }
        document["plugins"] = .object(plugins)
        return .object(document)
    }
}
