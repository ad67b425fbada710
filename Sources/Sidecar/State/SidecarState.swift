// SidecarState: what the proxy's judge, the events path and the control plane share —
// configuration, the policy in force and the engine, held events and usage totals, the
// audit ring, metrics and logs. Built once at startup (App/SidecarApp.swift) and below
// every folder that reads it, so none of them depends on the app that assembles them.
// Invariant: every member is thread-safe.
import AgentSpec
import Foundation
import PolicyVM

/// The shared state of one running sidecar.
final class SidecarState: Sendable {
    static let version = AgentSpecVersion.current

    let configuration: SidecarConfiguration
    let policies: PolicyHolder
    let engine: DecisionEngine
    let ring: AuditRing
    let held = HeldEvents()
    let usage = UsageTotals()
    let metrics = Metrics()
    let logger: Logger
    let client: HTTPClient
    let startedAt = Clock.monotonicNanoseconds()
    let environment: [String: String]
    /// This process's identity in status reports (OPA's `labels.id`): new at every start.
    let instanceId = UUID().uuidString.lowercased()
    /// The bundle poller's state, with BUNDLE_URL (State/SidecarState+Status.swift).
    let bundles: BundleActivity?

    init(configuration: SidecarConfiguration, policies: PolicyHolder, logger: Logger, client: HTTPClient,
         environment: [String: String], opaTransport: RemoteOPA.Transport? = nil) {
        self.configuration = configuration
        self.policies = policies
        self.logger = logger
        self.client = client
        self.environment = environment
        self.ring = AuditRing(capacity: configuration.auditRingSize)
        self.bundles = configuration.bundle.map(BundleActivity.init)
        let transport = opaTransport ?? { request in try await client.send(request) }
        self.engine = DecisionEngine(remote: configuration.opaURL.map {
            RemoteOPA(url: $0, timeoutMs: configuration.opaTimeoutMs, transport: transport)
        }, logger: logger)
    }

    /// Today's usage totals.
    func currentUsage() -> DailyUsage {
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
