// Decision: the outcome of judging one request's behaviour: the violation ids (sorted,
// so headers and logs are stable), where the decision came from, how long it took, and
// (when decisions are logged) the id its decision-log event and audit entry share.

/// Where a decision was made.
enum DecisionSource: String, Sendable, CaseIterable {
    /// The embedded VM.
    case embedded
    /// A remote OPA (OPA_URL).
    case opa
    /// OPA_URL was set but OPA did not answer usably: failed open, no violations.
    case opaUnavailable = "opa-unavailable"
}

/// One decision.
struct Decision: Sendable, Equatable {
    let violations: [String]
    let source: DecisionSource
    let nanoseconds: UInt64
    /// Why the remote OPA could not decide (fail-open), for logs.
    let failure: String?
    /// The decision-log event's `decision_id`; nil when DECISION_LOG_URL is unset.
    var id: DecisionId?

    var hasViolations: Bool { !violations.isEmpty }

    init(violations: [String], source: DecisionSource, nanoseconds: UInt64, failure: String? = nil) {
        self.violations = violations
        self.source = source
        self.nanoseconds = nanoseconds
        self.failure = failure
    }
}
