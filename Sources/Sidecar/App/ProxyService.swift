// ProxyService: port 4000. Every request goes to the agent through the ReverseProxy;
// the agent's X-AgentSpec-* response headers are read and always stripped, and when
// they report behaviour (and the mode is not off) the request is decided: violations
// are named in X-AgentSpec-OPA-Violations, and in enforce mode the client gets the 403
// instead of the agent's response. Every request ends as one audit ring entry.
import PolicyVM
import Synchronization

/// The behaviour and decision of a request between its response head and its end.
struct InFlight: Sendable {
    var report: BehaviourReport?
    var decision: Decision?
    var blocked: Bool?
    var usage: DailyUsage?
}

/// The proxy on port 4000.
public final class ProxyService: Sendable {
    /// The agent's fields that never reach the client: its report and our verdict's name.
    static let strippedResponseFields = BehaviourReport.fields + [.agentViolations]

    let state: SidecarState
    let inFlight = Mutex<[String: InFlight]>([:])
    private let proxy: ReverseProxy

    public init(state: SidecarState) throws(ProxyConfigurationError) {
        self.state = state
        let holder = ProxyHooksHolder()
        var configuration = ReverseProxyConfiguration(upstream: state.configuration.upstream.description)
        configuration.client.responseTimeoutNanos = UInt64(state.configuration.upstreamTimeoutMs) * 1_000_000
        // A client cannot speak for the agent: its own X-AgentSpec-* headers never pass.
        configuration.strippedRequestHeaderPrefixes = ["X-AgentSpec-"]
        configuration.responseHook = { context, callback in holder.service?.onResponseHead(context, callback) }
        configuration.onComplete = { outcome in holder.service?.onComplete(outcome) }
        proxy = try ReverseProxy(configuration: configuration)
        holder.service = self
    }

    public func handle(_ exchange: HTTPServerExchange) {
        proxy.forward(exchange)
    }

    func onResponseHead(_ context: ProxyResponseContext, _ callback: ProxyDecisionCallback) {
        var head = context.response
        let report = BehaviourReport.fromHeaders(head.headers)
        // Always stripped, decided or not; and the agent may not set our verdict header.
        head.headers.removeAll(whereName: { name in Self.strippedResponseFields.contains { name.is($0) } })
        let requestId = context.requestId
        guard var report, state.configuration.mode != .off else {
            if let report { inFlight.withLock { $0[requestId] = InFlight(report: report) } }
            callback(.forward(head))
            return
        }
        // Events the agent pushed while it was still answering belong to this decision.
        if let early = state.pending.take(requestId, now: Clock.monotonicNanoseconds()) { report.merge(early) }
        let usage = state.currentUsage()
        let policy = state.policies.current
        if let decision = state.engine.decideInProcess(report, usage: usage, with: policy) {
            finish(decision, report: report, head: head, usage: usage, requestId: requestId, callback)
        } else {
            let input = DecisionInput.make(policy.profile, report, usage: usage)
            let decided = report, forwardHead = head
            state.engine.decideRemotely(input, with: policy) { [self] decision in
                finish(decision, report: decided, head: forwardHead, usage: usage, requestId: requestId, callback)
            }
        }
    }

    /// Records the decision for the request's audit entry and answers: the agent's head
    /// (with the violations header when there are any), or the enforce-mode 403.
    private func finish(_ decision: Decision, report: BehaviourReport, head: HTTPResponseHead, usage: DailyUsage,
                        requestId: String, _ callback: ProxyDecisionCallback) {
        let blocked = state.configuration.mode == .enforce && decision.hasViolations
        inFlight.withLock { $0[requestId] = InFlight(report: report, decision: decision, blocked: blocked, usage: usage) }
        state.logDecision(requestId, decision, blocked: blocked)
        guard decision.hasViolations else { callback(.forward(head)); return }
        let list = decision.violations.joined(separator: ",")
        if blocked {
            callback(.replace(Self.blockedHead(list, requestId: requestId), body: Self.blockedBody(decision.violations)))
        } else {
            var head = head
            head.headers.replaceOrAdd(.agentViolations, value: list)
            callback(.forward(head))
        }
    }

    /// The enforce-mode answer: none of the agent's headers, only ours.
    static func blockedHead(_ list: String, requestId: String) -> HTTPResponseHead {
        HTTPResponseHead(status: 403, headers: ["Content-Type": "application/json", "X-AgentSpec-OPA-Violations": list,
                                                "X-Request-Id": requestId])
    }

    static func blockedBody(_ violations: [String]) -> [UInt8] {
        let body: Value = .object([
            "error": "PolicyViolation", "blocked": .true, "violations": .array(violations.map(Value.string)),
            "message": .string("Request blocked by OPA policy: " + violations.joined(separator: ", ")),
        ])
        return Array(JSONWriter.write(body).utf8)
    }

    func onComplete(_ outcome: ProxyOutcome) {
        let flight = inFlight.withLock { $0.removeValue(forKey: outcome.requestId) }
        let arrival = Clock.unixNanoseconds() - Int64(outcome.durationNanos)
        var entry = AuditEntry(requestId: outcome.requestId, arrivalNanos: arrival, method: outcome.method.rawValue,
                               path: outcome.target, statusCode: outcome.status, durationMs: Double(outcome.durationNanos) / 1e6)
        entry.behaviour = flight?.report
        entry.decision = flight?.decision
        entry.blocked = flight?.blocked
        entry.usage = flight?.usage
        state.ring.append(entry)
        state.metrics.countRequest(status: outcome.status)
        if let d = flight?.decision { state.metrics.countDecision(d, blocked: flight?.blocked ?? false) }
        if let error = outcome.error {
            state.logger.warn("upstream failed", [("requestId", .string(outcome.requestId)), ("status", .int(outcome.status)),
                                                  ("error", .string("\(error)"))])
        }
        if state.logger.isEnabled(.debug) {
            state.logger.debug("request", [("requestId", .string(outcome.requestId)), ("method", .string(outcome.method.rawValue)),
                                           ("path", .string(outcome.target)), ("status", .int(outcome.status)),
                                           ("durationMs", .double(Double(outcome.durationNanos) / 1e6))])
        }
        // Events that arrived while the response was streaming are applied now.
        if let late = state.pending.take(outcome.requestId, now: Clock.monotonicNanoseconds()) {
            EventsApplier(state: state).apply(late, to: outcome.requestId) { _ in }
        }
    }
}

/// Lets the proxy's hooks reach the service that owns the proxy (set once, at init).
final class ProxyHooksHolder: @unchecked Sendable {
    private let lock = Mutex(())
    private weak var _service: ProxyService?
    var service: ProxyService? {
        get { lock.withLock { _ in _service } }
        set { lock.withLock { _ in _service = newValue } }
    }
}
