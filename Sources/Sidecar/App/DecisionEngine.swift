// DecisionEngine: decides one request's behaviour. Embedded (default): the compiled
// policy in this process, in microseconds. Remote (OPA_URL): the identical input document
// is POSTed to OPA's Data API for the same package; a non-2xx answer, a timeout, a refused
// connection or a malformed body falls back (no violations, source opa-unavailable; what
// that does to the response is OPA_FAIL_MODE's business, not the engine's).
// Invariants: a remote decision is delivered within OPA_TIMEOUT_MS of its start, whatever
// queueing or connection setup delays the HTTP exchange (a deadline timer races it); an
// outage is logged once when it begins and once when it ends, never per request.
import AgentSpec
import Dispatch
import PolicyVM
import Synchronization

/// Makes decisions, in-process or through a remote OPA.
public final class DecisionEngine: Sendable {
    public let policies: PolicyHolder
    public let remote: HTTPURL?
    private let client: HTTPClient?
    private let timeoutNanos: UInt64
    private let logger: Logger?
    private let outageTracker = Mutex(OPAOutageTracker())
    /// Mirrors `outageTracker.outage != nil`, so a decision OPA made outside an outage
    /// records nothing under the lock.
    private let isInOutage = Atomic<Bool>(false)
    /// Where deadline timers fire: not the HTTP client's loop nor the Swift task pool,
    /// whose queues are what a deadline must not wait behind.
    private static let deadlineQueue = DispatchQueue(label: "agentspec.opa-deadlines", qos: .userInitiated)

    public init(policies: PolicyHolder, remote: HTTPURL?, client: HTTPClient?, timeoutMs: Int, logger: Logger? = nil) {
        self.policies = policies
        self.remote = remote
        self.client = client
        self.timeoutNanos = UInt64(timeoutMs) * 1_000_000
        self.logger = logger
    }

    public var sourceName: String { remote == nil ? "embedded" : "opa" }

    /// The outage in progress, if decisions are falling back now (for readiness).
    var currentOutage: OPAOutageTracker.Outage? {
        guard isInOutage.load(ordering: .acquiring) else { return nil }
        return outageTracker.withLock { $0.outage }
    }

    /// Decides `input` (built from `policy`'s profile) with that same policy, so a reload
    /// between building the input and deciding cannot mix two policies; calls `done`
    /// once, at once for embedded decisions.
    public func decide(_ input: Value, with policy: AgentPolicy, _ done: @escaping @Sendable (Decision) -> Void) {
        if let decision = decideInProcess(input, with: policy) { done(decision) } else { decideRemotely(input, with: policy, done) }
    }

    /// The embedded decision, or nil when decisions go to a remote OPA. Callers on the
    /// request path use this first: no closure is built for a decision made at once.
    public func decideInProcess(_ input: Value, with policy: AgentPolicy) -> Decision? {
        guard remote == nil else { return nil }
        return Self.embeddedDecision { () throws(PolicyError) in try policy.embedded.violations(for: input) }
    }

    /// The embedded decision over the input document of `report` and `usage` (built as
    /// `DecisionInput.make` builds it, in a document the evaluator reuses), or nil when
    /// decisions go to a remote OPA.
    public func decideInProcess(_ report: BehaviourReport, usage: DailyUsage, with policy: AgentPolicy) -> Decision? {
        guard remote == nil else { return nil }
        return Self.embeddedDecision { () throws(PolicyError) in try policy.embedded.violations(policy.profile, report, usage: usage) }
    }

    /// Times an embedded evaluation. An evaluation error is a policy bug: it is reported
    /// on the decision, and traffic is not blocked on it.
    private static func embeddedDecision(_ violations: () throws(PolicyError) -> [String]) -> Decision {
        let start = Clock.monotonicNanoseconds()
        do {
            return Decision(violations: try violations(), source: .embedded, nanoseconds: Clock.monotonicNanoseconds() - start)
        } catch {
            return Decision(violations: [], source: .embedded, nanoseconds: Clock.monotonicNanoseconds() - start,
                            failure: "\(error)")
        }
    }

    /// The decision of the remote OPA, falling back when it cannot make one; `done` is
    /// called once, later, and at the latest OPA_TIMEOUT_MS after this call.
    public func decideRemotely(_ input: Value, with policy: AgentPolicy, _ done: @escaping @Sendable (Decision) -> Void) {
        guard let remote, let client else {
            done(decideInProcess(input, with: policy) ?? Self.fallback("OPA_URL is set but no HTTP client was made for it", Clock.monotonicNanoseconds()))
            return
        }
        let start = Clock.monotonicNanoseconds()
        let timeout = timeoutNanos
        let once = OnceFlag()
        let deadline = DeadlineTimer(queue: Self.deadlineQueue)
        let deliver: @Sendable (Decision) -> Void = { [self] decision in
            guard once.claim() else { return }
            deadline.cancel()
            record(decision)
            done(decision)
        }
        // The whole decision is bounded from here: the task's start, the client's queue,
        // connection setup and OPA's answer all count against OPA_TIMEOUT_MS.
        deadline.start(afterNanos: timeout) {
            deliver(Self.fallback("OPA did not answer within OPA_TIMEOUT_MS (\(timeout / 1_000_000) ms)", start))
        }
        let path = policy.generated.packageName.split(separator: ".").joined(separator: "/")
        let url = remote.description + "/v1/data/\(path)/\(DecisionQuery.rule)"
        var body: [UInt8] = Array("{\"input\":".utf8)
        JSONWriter.append(input, to: &body)
        body.append(UInt8(ascii: "}"))
        let request = HTTPClientRequest(url: url, method: .post, headers: ["Content-Type": "application/json"],
                                        body: body, timeoutNanos: timeout)
        Task {
            let decision: Decision
            do {
                let response = try await client.send(request)
                let elapsed = Clock.monotonicNanoseconds() - start
                if elapsed > timeout {
                    decision = Self.fallback("OPA answered after \(elapsed / 1_000_000) ms, past OPA_TIMEOUT_MS", start)
                } else if response.head.status < 200 || response.head.status > 299 {
                    decision = Self.fallback("OPA answered HTTP \(response.head.status)", start)
                } else if let doc = try? JSONReader.parse(bytes: response.body), case .object(let o) = doc {
                    let result = o[.string("result")]
                    decision = Decision(violations: result.map(EmbeddedPolicy.ids) ?? [], source: .opa,
                                        nanoseconds: Clock.monotonicNanoseconds() - start)
                } else {
                    decision = Self.fallback("OPA answered with a body that is not a JSON object", start)
                }
            } catch {
                decision = Self.fallback("OPA unavailable: \(error)", start)
            }
            deliver(decision)
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
        switch transition {
        case .unchanged:
            break
        case .began(let outage):
            logger?.warn("remote OPA unavailable; decisions fall back until it answers again", [
                ("opa", .string(remote?.description ?? "")), ("reason", .string(outage.reason)),
            ])
        case .ended(let outage):
            let seconds = Double(Clock.monotonicNanoseconds() - outage.since) / 1e9
            logger?.info("remote OPA answering again", [
                ("opa", .string(remote?.description ?? "")), ("fallbacks", .int(outage.fallbacks)),
                ("outageSeconds", .double((seconds * 1000).rounded() / 1000)), ("lastReason", .string(outage.reason)),
            ])
        }
    }

    static func fallback(_ why: String, _ start: UInt64) -> Decision {
        Decision(violations: [], source: .opaUnavailable, nanoseconds: Clock.monotonicNanoseconds() - start, failure: why)
    }
}

/// A one-shot timer that may be cancelled from any thread (a dispatch source's calls are
/// thread-safe, which the type system cannot see).
private final class DeadlineTimer: @unchecked Sendable {
    private let source: DispatchSourceTimer

    init(queue: DispatchQueue) { source = DispatchSource.makeTimerSource(queue: queue) }

    func start(afterNanos nanos: UInt64, _ fire: @escaping @Sendable () -> Void) {
        source.schedule(deadline: .now() + .nanoseconds(Int(nanos)), leeway: .milliseconds(1))
        source.setEventHandler(handler: fire)
        source.resume()
    }

    func cancel() { source.cancel() }
}
