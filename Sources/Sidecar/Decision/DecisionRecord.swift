// DecisionRecord: what the response hook learned about one request — the behaviour the
// agent reported, the decision made over it, whether it was blocked, and the day's usage
// it was decided with — carried by the request's own exchange to its audit entry.
// Invariant: a record belongs to one exchange and ends with it; it is never kept in a
// table keyed by request id, so a client that leaves early leaves nothing behind and a
// later request with the same X-Request-Id inherits nothing.

/// One request's behaviour and decision, from its response head to its audit entry.
public struct DecisionRecord: Sendable {
    public var report: BehaviourReport
    /// Nil when nothing was decided (OPA_PROXY_MODE=off).
    public var decision: Decision?
    public var blocked: Bool?
    public var usage: DailyUsage?

    public init(report: BehaviourReport, decision: Decision? = nil, blocked: Bool? = nil, usage: DailyUsage? = nil) {
        self.report = report
        self.decision = decision
        self.blocked = blocked
        self.usage = usage
    }
}
