// RequestJudge: the sidecar's rules at PROXY_PORT, for the ReverseProxy's exchanges. At
// the agent's response head: the agent's report is taken out of the head (every
// X-AgentSpec-* field goes), and when the report is to be decided the events it pushed
// before and today's usage are gathered, the policy in force decides, and the pure
// verdict (Decision/Verdict.swift) says what the client gets; the decision goes to the
// decision log when there is one. At the request's end: its
// one audit entry, written in one piece from what its exchange carried, its metrics, and
// the events that arrived while its response streamed.
// Invariant: nothing about a request is kept here between its head and its end; the
// exchange carries it.

/// Judges every agent response and records every request of the proxy.
final class RequestJudge: ExchangeJudge {
    let state: SidecarState

    init(state: SidecarState) { self.state = state }

    func judge(_ head: inout HTTPResponseHead, request: HTTPRequestHead, requestId: String,
               later: VerdictDelivery) -> Verdict? {
        let configuration = state.configuration
        var facts = RequestFacts(reported: ReportedFields.take(from: &head.headers), mode: configuration.mode,
                                 failMode: configuration.opaFailMode)
        guard facts.isDecided, let fields = facts.reported else { return Verdict(facts, decision: nil) }
        // Events the agent pushed while it was still answering belong to this decision.
        let held = state.held.take(requestId, now: Clock.monotonicNanoseconds())
        facts.usage = state.currentUsage()
        let policy = state.policies.current
        // The usual request, decided in process with nothing held: the fields are read in
        // place (and the facts never hold a report, which would be copied with them).
        if held == nil, let decision = state.engine.decideNow(fields, usage: facts.usage, with: policy) {
            return verdict(facts, decision, requestId: requestId, policy: policy)
        }
        facts.held = held
        let report = facts.reportToDecide ?? fields.report
        if let decision = state.engine.decideNow(report, usage: facts.usage, with: policy) {
            return verdict(facts, decision, requestId: requestId, policy: policy)
        }
        let decided = facts
        state.engine.decideRemotely(report, usage: facts.usage, with: policy) { [self] decision in
            later(verdict(decided, decision, requestId: requestId, policy: policy))
        }
        return nil
    }

    /// The verdict over `decision`, which carries its decision-log id into the audit facts
    /// and goes to the decision log (DECISION_LOG_URL) with them.
    private func verdict(_ facts: RequestFacts, _ decision: Decision, requestId: String, policy: AgentPolicy) -> Verdict {
        let verdict = Verdict(facts, decision: state.identified(decision))
        state.logDecision(requestId, decision, blocked: verdict.facts.blocked ?? false)
        state.logDecisionEvent(requestId, policy: policy, facts: verdict.facts)
        return verdict
    }

    func record(_ outcome: ProxyOutcome, facts: AuditFacts?) {
        let arrival = Clock.unixNanoseconds() - Int64(outcome.durationNanos)
        // Secrets in the query never reach the ring, /explain, the stream or the logs.
        let path = QueryRedaction.mayRedact(outcome.target)
            ? state.policies.current.queryRedaction.redact(outcome.target) : outcome.target
        let entry = AuditEntry(requestId: outcome.requestId, arrivalNanos: arrival, method: outcome.method.rawValue, path: path,
                               statusCode: outcome.status, durationMs: Double(outcome.durationNanos) / 1e6,
                               facts: facts ?? .none)
        state.ring.append(entry)
        state.metrics.countRequest(status: outcome.status)
        if let decision = facts?.decision { state.metrics.countDecision(decision, blocked: facts?.blocked ?? false) }
        if let error = outcome.error {
            state.logger.warn("upstream failed", [("requestId", .string(outcome.requestId)), ("status", .int(outcome.status)),
                                                  ("error", .string("\(error)"))])
        }
        if state.logger.isEnabled(.debug) {
            state.logger.debug("request", [("requestId", .string(outcome.requestId)), ("method", .string(outcome.method.rawValue)),
                                           ("path", .string(path)), ("status", .int(outcome.status)),
                                           ("durationMs", .double(Double(outcome.durationNanos) / 1e6))])
        }
        // Events that arrived while the response streamed land on the entry now.
        EventsApplier(state: state).applyHeld(for: outcome.requestId)
    }
}
