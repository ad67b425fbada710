// EventsApplier: applies events to a request's audit entry — pushed after the entry was
// written, or held while its response streamed and handed over when the entry landed.
// The behaviour is merged (unions of lists, latest scores) and the decision is made
// again over everything known, whatever OPA_PROXY_MODE says (EventPush always records);
// the entry is then updated in place (AuditFacts.applying), and the new decision goes to
// the decision log with its own id, which the entry then carries.
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

    /// Merges `events` into the entry of `requestId` and re-decides.
    func apply(_ events: BehaviourReport, to requestId: String, _ done: @escaping @Sendable (Outcome) -> Void) {
        guard let existing = state.ring.entry(requestId) else { done(.notFound); return }
        let merged = AuditFacts.merged(existing.facts.report, events)
        let bytes = merged.storageBytes
        guard bytes <= BehaviourReport.maxStorageBytes else {
            done(.refused("the behaviour reported for request \(requestId) would take \(bytes) bytes, more than the limit of "
                          + "\(BehaviourReport.maxStorageBytes) for one request; this batch was not applied"))
            return
        }
        let usage = state.currentUsage()
        let st = state
        let policy = state.policies.current
        state.engine.decide(merged, usage: usage, with: policy) { made in
            let decision = st.identified(made)
            let updated = st.ring.update(requestId) { e in e.facts = e.facts.applying(events, decision: decision, usage: usage) }
            st.metrics.countDecision(decision, blocked: false)
            st.logDecision(requestId, decision, blocked: false)
            // What was decided: the merged report with this usage (the entry may be gone).
            st.logDecisionEvent(requestId, policy: policy, facts: AuditFacts(reported: .report(merged), decision: decision, usage: usage))
            done(updated.map(Outcome.applied) ?? .notFound)
        }
    }

    /// Applies the events held for a request whose entry has just been written (they
    /// arrived while its response streamed). A batch the bound refuses is counted; no
    /// one waits for an answer.
    func applyHeld(for requestId: String) {
        guard let late = state.held.take(requestId, now: Clock.monotonicNanoseconds()) else { return }
        let metrics = state.metrics
        apply(late, to: requestId) { outcome in
            if case .refused = outcome { metrics.countEvent("refused") }
        }
    }
}
