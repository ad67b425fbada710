// DecisionRecord: what the request path hands the decision log for one decision — the
// request id, the policy it was decided under, the audit facts (the report, the usage and
// the decision with its id) and the time. Building it costs a few reference counts: the
// event's JSON (input document, labels, redaction) is made later, on the log's own queue,
// from exactly these facts, so the logged input is the one the decision was made over.

/// One decision, as enqueued for the collector.
struct DecisionRecord: Sendable {
    let requestId: String
    let policy: AgentPolicy
    /// `facts.decision` is the decision logged (never nil for a record).
    let facts: AuditFacts
    /// When the decision was made (Unix nanoseconds).
    let unixNanos: Int64
}
