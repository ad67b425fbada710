// Decision: the outcome of judging one request's behaviour: the violation ids (sorted,
// so headers and logs are stable), where the decision came from, and how long it took.

/// Where a decision was made.
public enum DecisionSource: String, Sendable, CaseIterable {
    /// The embedded VM.
    case embedded
    /// A remote OPA (OPA_URL).
    case opa
    /// OPA_URL was set but OPA did not answer usably: failed open, no violations.
    case opaUnavailable = "opa-unavailable"
}

/// One decision.
public struct Decision: Sendable, Equatable {
    public let violations: [String]
    public let source: DecisionSource
    public let nanoseconds: UInt64
    /// Why the remote OPA could not decide (fail-open), for logs.
    public let failure: String?

    public var hasViolations: Bool { !violations.isEmpty }

    public init(violations: [String], source: DecisionSource, nanoseconds: UInt64, failure: String? = nil) {
        self.violations = violations
        self.source = source
        self.nanoseconds = nanoseconds
        self.failure = failure
    }
}
