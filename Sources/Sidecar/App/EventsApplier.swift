// EventsApplier: applies a request's pushed events to its audit entry: the behaviour is
// merged (unions of lists, latest scores) and the decision is made again over
// everything known for the request, whatever OPA_PROXY_MODE says (EventPush always
// records). The entry is then updated in place.
// Invariant: an entry's behaviour never grows past BehaviourReport.maxStorageBytes; a
// batch that would take it there is refused whole and the entry is left as it was.

struct EventsApplier {
    /// What became of a batch.
    enum Outcome: Sendable {
        case applied(AuditEntry)
        /// The ring does not hold the request (any more).
        case notFound
        /// Not applied: why, for the answer to the agent.
        case refused(String)
    }

    let state: SidecarState

    /// Merges `report` into the entry of `requestId` and re-decides.
    func apply(_ report: BehaviourReport, to requestId: String, _ done: @escaping @Sendable (Outcome) -> Void) {
        guard let existing = state.ring.entry(requestId) else { done(.notFound); return }
        var merged = existing.behaviour ?? BehaviourReport()
        merged.merge(report)
        let bytes = merged.storageBytes
        guard bytes <= BehaviourReport.maxStorageBytes else {
            done(.refused("the behaviour reported for request \(requestId) would take \(bytes) bytes, more than the limit of "
                          + "\(BehaviourReport.maxStorageBytes) for one request; this batch was not applied"))
            return
        }
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
            done(updated.map(Outcome.applied) ?? .notFound)
        }
    }
}
