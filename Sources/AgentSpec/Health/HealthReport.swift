// HealthReport: the results of one `agentspec health` run, their overall status (the
// sidecar's readiness rule: a failed error-severity check fails, a warning or a
// failed warning-severity check degrades) and the exit decision for --fail-on.
import PolicyVM

/// The results of a health run.
public struct HealthReport: Sendable {
    /// The severity at which `health` exits 1.
    public enum FailOn: String, Sendable, CaseIterable { case error, warning }

    public var agent: String
    public var version: String
    public var results: [HealthResult]

    public init(agent: String, version: String, results: [HealthResult]) {
        self.agent = agent
        self.version = version
        self.results = results
    }

    /// `fail` when a check with severity error failed; `warn` when anything else did not
    /// pass (skips aside); `pass` otherwise.
    public var overall: HealthStatus {
        if results.contains(where: { $0.status == .fail && $0.severity == .error }) { return .fail }
        if results.contains(where: { $0.status == .warn || $0.status == .fail }) { return .warn }
        return .pass
    }

    public func count(_ status: HealthStatus) -> Int { results.filter { $0.status == status }.count }

    /// Whether the run should exit non-zero.
    public func fails(on threshold: FailOn) -> Bool {
        switch threshold {
        case .error: return overall == .fail
        case .warning: return overall != .pass
        }
    }

    public var json: Value {
        var summary: RegoObject = [:]
        for s in HealthStatus.allCases { summary[.string(s.rawValue)] = .int(count(s)) }
        return .object([
            "agent": .string(agent),
            "version": .string(version),
            "status": .string(overall.rawValue),
            "summary": .object(summary),
            "checks": .array(results.map { r in
                var o: RegoObject = [
                    "id": .string(r.id), "category": .string(r.category.rawValue), "status": .string(r.status.rawValue),
                    "severity": .string(r.severity.rawValue), "message": .string(r.message), "latencyMs": .int(r.latencyMs),
                ]
                if let remediation = r.remediation { o["remediation"] = .string(remediation) }
                return .object(o)
            }),
        ])
    }
}
