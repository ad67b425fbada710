// SidecarState+DecisionLog: the two steps every place that decides takes when decisions
// are logged (DECISION_LOG_URL) — the decision gets its id before the audit facts are made
// from it, so the entry and the event share it; then the record goes to the log. Without
// a decision log both are no-ops, and the request path does nothing more than before.

extension SidecarState {
    /// `decision` with the id of its decision-log event (unchanged when nothing is logged).
    @inline(__always)
    func identified(_ decision: Decision) -> Decision {
        guard let decisionLog else { return decision }
        var identified = decision
        identified.id = decisionLog.nextId()
        return identified
    }

    /// Hands the decision in `facts` (made under `policy` for `requestId`) to the log.
    @inline(__always)
    func logDecisionEvent(_ requestId: String, policy: AgentPolicy, facts: AuditFacts) {
        guard let decisionLog, facts.decision != nil else { return }
        decisionLog.enqueue(DecisionRecord(requestId: requestId, policy: policy, facts: facts, unixNanos: Clock.unixNanoseconds()))
    }
}
