// DecisionEngine: the policy in force's answer for one request's report. Embedded
// (default): the compiled policy in this process, in microseconds, at once. Remote
// (OPA_URL): the identical input document goes to OPA's Data API (RemoteOPA.swift); an
// answer OPA could not give falls back (no violations, source opa-unavailable; what that
// does to the response is the verdict's business under OPA_FAIL_MODE, not the engine's).
// Invariants: a remote decision is delivered once, within OPA_TIMEOUT_MS of its start;
// an outage is logged once when it begins and once when it ends, never per request.
import PolicyVM
import Synchronization

/// Makes decisions, in-process or through a remote OPA.
final class DecisionEngine: Sendable {
    let remote: RemoteOPA?
    private let logger: Logger?
    private let outageTracker = Mutex(OPAOutageTracker())
    /// Mirrors `outageTracker.outage != nil`, so a decision OPA made outside an outage
    /// records nothing under the lock.
    private let isInOutage = Atomic<Bool>(false)

    init(remote: RemoteOPA?, logger: Logger? = nil) {
        self.remote = remote
        self.logger = logger
    }

    var sourceName: String { remote == nil ? "embedded" : "opa" }

    /// The outage in progress, if decisions are falling back now (for readiness).
    var currentOutage: OPAOutageTracker.Outage? {
        guard isInOutage.load(ordering: .acquiring) else { return nil }
        return outageTracker.withLock { $0.outage }
    }

    /// Decides `report` with `usage` under `policy`: at once for an embedded decision,
    /// later (and at most OPA_TIMEOUT_MS later) for a remote one; `done` is called once.
    func decide(_ report: BehaviourReport, usage: DailyUsage, with policy: AgentPolicy,
                _ done: @escaping @Sendable (Decision) -> Void) {
        if let decision = decideNow(report, usage: usage, with: policy) { done(decision) } else {
            decideRemotely(report, usage: usage, with: policy, done)
        }
    }

    /// The embedded decision, or nil when decisions go to a remote OPA. The request path
    /// asks this first: no closure is built for a decision made at once. The input
    /// document is refilled in place by the evaluator that decides it.
    func decideNow(_ report: BehaviourReport, usage: DailyUsage, with policy: AgentPolicy) -> Decision? {
        guard remote == nil else { return nil }
        return Self.timed { () throws(PolicyError) in try policy.embedded.violations(policy.profile, report, usage: usage) }
    }

    /// `decideNow` over the agent's fields as they came (the usual request: nothing
    /// pushed before its head), read in place.
    func decideNow(_ fields: ReportedFields, usage: DailyUsage, with policy: AgentPolicy) -> Decision? {
        guard remote == nil else { return nil }
        return Self.timed { () throws(PolicyError) in try policy.embedded.violations(policy.profile, fields, usage: usage) }
    }

    /// Times an embedded evaluation. An evaluation error is a policy bug: reported on the
    /// decision, and traffic is not blocked on it.
    @inline(__always)
    private static func timed(_ violations: () throws(PolicyError) -> [String]) -> Decision {
        let start = Clock.monotonicNanoseconds()
        do {
            return Decision(violations: try violations(), source: .embedded, nanoseconds: Clock.monotonicNanoseconds() - start)
        } catch {
            return Decision(violations: [], source: .embedded, nanoseconds: Clock.monotonicNanoseconds() - start,
                            failure: "\(error)")
        }
    }

    /// The remote OPA's decision over the same input document, or its fallback.
    func decideRemotely(_ report: BehaviourReport, usage: DailyUsage, with policy: AgentPolicy,
                        _ done: @escaping @Sendable (Decision) -> Void) {
        guard let remote else {
            done(decideNow(report, usage: usage, with: policy)!)
            return
        }
        let input = DecisionInput.make(policy.profile, report, usage: usage)
        remote.decide(input, packageName: policy.generated.packageName) { [self] decision in
            record(decision)
            done(decision)
        }
    }

    /// Notes what a remote decision says of OPA's availability; logs the transitions.
    private func record(_ decision: Decision) {
        let transition: OPAOutageTracker.Transition
        if decision.source == .opaUnavailable {
            transition = outageTracker.withLock { tracker in
                let t = tracker.recordFallback(decision.failure ?? "unknown", now: Clock.monotonicNanoseconds(),
                                               unixNow: Clock.unixNanoseconds())
                isInOutage.store(true, ordering: .releasing)
                return t
            }
        } else {
            guard isInOutage.load(ordering: .acquiring) else { return }
            transition = outageTracker.withLock { tracker in
                let t = tracker.recordAnswer()
                isInOutage.store(false, ordering: .releasing)
                return t
            }
        }
        let opa = remote?.url.description ?? ""
        switch transition {
        case .unchanged:
            break
        case .began(let outage):
            logger?.warn("remote OPA unavailable; decisions fall back until it answers again", [
                ("opa", .string(opa)), ("reason", .string(outage.reason)),
            ])
        case .ended(let outage):
            let seconds = Double(Clock.monotonicNanoseconds() - outage.since) / 1e9
            logger?.info("remote OPA answering again", [
                ("opa", .string(opa)), ("fallbacks", .int(outage.fallbacks)),
                ("outageSeconds", .double((seconds * 1000).rounded() / 1000)), ("lastReason", .string(outage.reason)),
            ])
        }
    }
}
