// ProxyService: port 4000. Every request goes to the agent through the ReverseProxy;
// every X-AgentSpec-* field of the agent's response head is read where it reports
// behaviour and always stripped, and when the agent reports behaviour (and the mode is
// not off) the request is decided: violations are named in X-AgentSpec-OPA-Violations;
// in enforce mode the client gets the 403 instead of the agent's response (or the 503
// when OPA_FAIL_MODE=closed and the remote OPA could not decide). Every request ends
// as one audit ring entry, built from the record its own exchange carried.
import PolicyVM
import Synchronization

/// The proxy on port 4000.
public final class ProxyService: Sendable {
    let state: SidecarState
    private let proxy: ReverseProxy

    public init(state: SidecarState) throws(ProxyConfigurationError) {
        self.state = state
        let holder = ProxyHooksHolder()
        var configuration = ReverseProxyConfiguration(upstream: state.configuration.upstream.description)
        configuration.client.responseTimeoutNanos = UInt64(state.configuration.upstreamTimeoutMs) * 1_000_000
        // A client cannot speak for the agent: its own X-AgentSpec-* headers never pass.
        configuration.strippedRequestHeaderPrefixes = [ReportFields.prefix.text]
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
        // Every X-AgentSpec-* field is the agent's word to the sidecar (its report, or a
        // verdict it has no right to set): none reaches the client, decided or not.
        head.headers.removeAll(whereName: { $0.hasPrefix(ReportFields.prefix) })
        let requestId = context.requestId
        guard var report, state.configuration.mode != .off else {
            callback(.forward(head), record: report.map { DecisionRecord(report: $0) })
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

    /// Answers with the decision, and hands the exchange its record for the audit entry:
    /// the agent's head (with the violations header when there are any), the enforce-mode
    /// 403, or the 503 of a decision that could not be made under OPA_FAIL_MODE=closed.
    private func finish(_ decision: Decision, report: BehaviourReport, head: HTTPResponseHead, usage: DailyUsage,
                        requestId: String, _ callback: ProxyDecisionCallback) {
        let configuration = state.configuration
        let failsClosed = decision.source == .opaUnavailable && configuration.opaFailMode == .closed
        let blocked = configuration.mode == .enforce && (decision.hasViolations || failsClosed)
        let record = DecisionRecord(report: report, decision: decision, blocked: blocked, usage: usage)
        state.logDecision(requestId, decision, blocked: blocked)
        if blocked && !decision.hasViolations {
            callback(.replace(Self.unavailableHead(requestId: requestId),
                              body: Self.unavailableBody(requestId: requestId)), record: record)
            return
        }
        guard decision.hasViolations else { callback(.forward(head), record: record); return }
        let list = decision.violations.joined(separator: ",")
        if blocked {
            callback(.replace(Self.blockedHead(list, requestId: requestId), body: Self.blockedBody(decision.violations)),
                     record: record)
        } else {
            var head = head
            head.headers.replaceOrAdd(ReportFields.violations, value: list)
            callback(.forward(head), record: record)
        }
    }

    /// The enforce-mode answer: none of the agent's headers, only ours.
    static func blockedHead(_ list: String, requestId: String) -> HTTPResponseHead {
        var head = HTTPResponseHead(status: 403, headers: ["Content-Type": "application/json"])
        head.headers.add(ReportFields.violations, value: list)
        head.headers.add(.xRequestId, value: requestId)
        return head
    }

    static func blockedBody(_ violations: [String]) -> [UInt8] {
        let body: Value = .object([
            "error": "PolicyViolation", "blocked": .true, "violations": .array(violations.map(Value.string)),
            "message": .string("Request blocked by OPA policy: " + violations.joined(separator: ", ")),
        ])
        return Array(JSONWriter.write(body).utf8)
    }

    /// The fail-closed answer (enforce mode, OPA_FAIL_MODE=closed, no usable decision).
    static func unavailableHead(requestId: String) -> HTTPResponseHead {
        HTTPResponseHead(status: 503, headers: ["Content-Type": "application/json", "X-Request-Id": requestId])
    }

    /// Says why without the failure's details (addresses, errors): those are for the log.
    static func unavailableBody(requestId: String) -> [UInt8] {
        let body: Value = .object([
            "error": "PolicyUnavailable", "blocked": .true, "requestId": .string(requestId),
            "message": "The policy decision could not be made (the remote OPA is unavailable); OPA_FAIL_MODE=closed blocks the response",
        ])
        return Array(JSONWriter.write(body).utf8)
    }

    func onComplete(_ outcome: ProxyOutcome) {
        let record = outcome.record
        let arrival = Clock.unixNanoseconds() - Int64(outcome.durationNanos)
        // Secrets in the query never reach the ring, /explain, the stream or the logs.
        let path = QueryRedaction.mayRedact(outcome.target)
            ? state.policies.current.queryRedaction.redact(outcome.target) : outcome.target
        var entry = AuditEntry(requestId: outcome.requestId, arrivalNanos: arrival, method: outcome.method.rawValue,
                               path: path, statusCode: outcome.status, durationMs: Double(outcome.durationNanos) / 1e6)
        entry.behaviour = record?.report
        entry.decision = record?.decision
        entry.blocked = record?.blocked
        entry.usage = record?.usage
        state.ring.append(entry)
        state.metrics.countRequest(status: outcome.status)
        if let d = record?.decision { state.metrics.countDecision(d, blocked: record?.blocked ?? false) }
        if let error = outcome.error {
            state.logger.warn("upstream failed", [("requestId", .string(outcome.requestId)), ("status", .int(outcome.status)),
                                                  ("error", .string("\(error)"))])
        }
        if state.logger.isEnabled(.debug) {
            state.logger.debug("request", [("requestId", .string(outcome.requestId)), ("method", .string(outcome.method.rawValue)),
                                           ("path", .string(path)), ("status", .int(outcome.status)),
                                           ("durationMs", .double(Double(outcome.durationNanos) / 1e6))])
        }
        // Events that arrived while the response was streaming are applied now (a batch
        // the bound refuses is counted; no one is waiting for an answer).
        if let late = state.pending.take(outcome.requestId, now: Clock.monotonicNanoseconds()) {
            let metrics = state.metrics
            EventsApplier(state: state).apply(late, to: outcome.requestId) { result in
                if case .refused = result { metrics.countEvent("refused") }
            }
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
