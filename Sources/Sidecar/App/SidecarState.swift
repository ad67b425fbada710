// SidecarState: everything the proxy and the control plane share — configuration,
// policy and decisions, the audit ring, held events, usage totals, metrics, logs.
// Built once at startup; every member is thread-safe.
import AgentSpec
import PolicyVM
import Synchronization

/// The shared state of one running sidecar.
public final class SidecarState: Sendable {
    public static let version = AgentSpecVersion.current

    public let configuration: SidecarConfiguration
    public let policies: PolicyHolder
    public let engine: DecisionEngine
    public let ring: AuditRing
    public let pending = PendingEvents()
    public let usage = UsageTotals()
    public let metrics = Metrics()
    public let logger: Logger
    public let client: HTTPClient
    public let startedAt = Clock.monotonicNanoseconds()
    public let environment: [String: String]
    /// Open audit streams (SSE): they never end by themselves, so shutdown ends them.
    let openStreams = OpenStreams()

    public init(configuration: SidecarConfiguration, policies: PolicyHolder, logger: Logger, client: HTTPClient,
                environment: [String: String]) {
        self.configuration = configuration
        self.policies = policies
        self.logger = logger
        self.client = client
        self.environment = environment
        self.ring = AuditRing(capacity: configuration.auditRingSize)
        self.engine = DecisionEngine(policies: policies, remote: configuration.opaURL,
                                     client: configuration.opaURL == nil ? nil : client, timeoutMs: configuration.opaTimeoutMs,
                                     logger: logger)
    }

    /// Today's usage totals.
    public func currentUsage() -> DailyUsage {
        usage.current(unixSeconds: Clock.unixNanoseconds() / 1_000_000_000)
    }

    /// Logs a decision with violations at info, and an embedded evaluation error (a
    /// policy bug) at warn. A remote OPA that cannot decide is the engine's to log: once
    /// per outage, not once per request.
    func logDecision(_ requestId: String, _ d: Decision, blocked: Bool) {
        if let failure = d.failure, d.source == .embedded {
            logger.warn("policy evaluation failed; decided without violations", [
                ("requestId", .string(requestId)), ("reason", .string(failure)),
            ])
        }
        if d.hasViolations {
            logger.info("policy violations", [("requestId", .string(requestId)), ("violations", .array(d.violations.map(Value.string))),
                                              ("blocked", .bool(blocked)), ("source", .string(d.source.rawValue)),
                                              ("decisionNs", .number(.int(Int64(d.nanoseconds))))])
        }
    }
}

/// The control plane's never-ending responses, so a shutdown can end them at once
/// instead of waiting out the whole drain bound.
final class OpenStreams: Sendable {
    private let streams = Mutex<(next: Int, handles: [Int: ExchangeHandle])>((0, [:]))

    func add(_ handle: ExchangeHandle) -> Int {
        streams.withLock { s in
            s.next += 1
            s.handles[s.next] = handle
            return s.next
        }
    }

    func remove(_ id: Int) {
        _ = streams.withLock { $0.handles.removeValue(forKey: id) }
    }

    /// Ends every open stream (on each stream's own event loop).
    func endAll() {
        let handles = streams.withLock { s -> [ExchangeHandle] in
            defer { s.handles = [:] }
            return Array(s.handles.values)
        }
        for h in handles { h.run { ex in if !ex.hasEndedResponse { ex.end() } } }
    }
}
