// HealthCheck: one thing `agentspec health` verifies — its id, category, severity, time
// budget and the blocking function that decides it — and the result it produces.
// Statuses and severities use the sidecar contract's words (pass/fail/warn/skip;
// error/warning/info) so reports read the same everywhere.

/// The outcome of a check.
public enum HealthStatus: String, Sendable, CaseIterable {
    case pass, fail, warn, skip
}

/// How much a failed check matters.
public enum HealthSeverity: String, Sendable, CaseIterable {
    case error, warning, info
}

/// What a check is about.
public enum HealthCategory: String, Sendable, CaseIterable {
    case env, secret, file, service, memory, mcp, subagent, system
}

/// A check to run.
public struct HealthCheck: Sendable {
    public var id: String
    public var category: HealthCategory
    public var severity: HealthSeverity
    /// The time budget; past it the check is reported as failed.
    public var timeout: Duration
    /// What to do when the check fails.
    public var remediation: String
    /// Decides the check; must respect the deadline it is given.
    public var run: @Sendable (Deadline) -> ProbeOutcome

    public init(id: String, category: HealthCategory, severity: HealthSeverity, timeout: Duration,
                remediation: String, run: @escaping @Sendable (Deadline) -> ProbeOutcome) {
        self.id = id
        self.category = category
        self.severity = severity
        self.timeout = timeout
        self.remediation = remediation
        self.run = run
    }
}

/// A check's result.
public struct HealthResult: Sendable, Equatable {
    public var id: String
    public var category: HealthCategory
    public var status: HealthStatus
    public var severity: HealthSeverity
    public var message: String
    /// Present unless the check passed.
    public var remediation: String?
    public var latencyMs: Int
}
