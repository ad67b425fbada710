// EventsApplier: applies a request's pushed events to its audit entry: the behaviour is
// merged (unions of lists, latest scores) and the decision is made again over
// everything known for the request, whatever OPA_PROXY_MODE says (EventPush always
// records). The entry is then updated in place.

struct EventsApplier {
    let state: SidecarState

    /// Merges `report` into the entry of `requestId` and re-decides; `done` gets the
    /// updated entry, or nil when the ring no longer holds the request.
    func apply(_ report: BehaviourReport, to requestId: String, _ done: @escaping @Sendable (AuditEntry?) -> Void) {
        guard let existing = state.ring.entry(requestId) else { done(nil); return }
        var merged = existing.behaviour ?? BehaviourReport()
        merged.merge(report)
        let usage = state.currentUsage()
        let policy = state.policies.current
        let input = DecisionInput.make(policy.profile, merged, usage: usage)
        let behaviour = merged
        let ring = state.ring
        let st = state
        state.engine.decide(input, with: policy) { decision in
            let updated = ring.update(requestId) { e in
                e.behaviour = behaviour
                e.decision = decision
                e.usage = usage
            }
            st.metrics.countDecision(decision, blocked: false)
            st.logDecision(requestId, decision, blocked: false)
            done(updated)
        }
    }
}
