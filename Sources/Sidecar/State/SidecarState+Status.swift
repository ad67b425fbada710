// SidecarState+Status: the sidecar's status document, one builder for the two places
// that give it out — GET /agentspec/status and the reports POSTed to STATUS_URL — so
// they never differ. The parts come from `statusSections`: the bundle poller's with
// BUNDLE_URL; another subsystem (decision logs) adds its own part to that list.
import PolicyVM

extension SidecarState {
    /// Who reports: this process's id, the sidecar's version, the agent in force.
    var statusLabels: StatusLabels {
        let metadata = policies.current.manifest.metadata
        return StatusLabels(id: instanceId, version: Self.version, agent: metadata.name, agentVersion: metadata.version)
    }

    /// The parts of the status document, in order.
    var statusSections: [any StatusSection] {
        var sections: [any StatusSection] = []
        if let bundles { sections.append(bundles) }
        return sections
    }

    /// The status document now (OPA's status-report format).
    func statusDocument() -> Value { StatusDocument.build(labels: statusLabels, sections: statusSections) }
}
