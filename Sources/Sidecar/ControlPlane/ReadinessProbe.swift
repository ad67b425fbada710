// ReadinessProbe: GET /agentspec/health/ready. Asks the agent's own health endpoint
// (GET {UPSTREAM_URL}/agentspec/health, short timeout, answer cached a few seconds) and
// combines it with the sidecar's checks: not-ready (503) when the agent cannot be
// reached or a check fails with severity error; degraded when a check warns (or fails
// with severity warning, e.g. a policy reload or a bundle from BUNDLE_URL that failed
// and left the old policy, or a remote OPA whose decisions are falling back). With
// BUNDLE_URL the sidecar is not-ready until its first bundle is active.
import PolicyVM
import Synchronization

final class ReadinessProbe: Sendable {
    /// How long an answer of the agent is reused: probes come every few seconds.
    static let cacheNanoseconds: UInt64 = 3_000_000_000
    static let timeoutNanoseconds: UInt64 = 1_000_000_000

    private struct Cached {
        let at: UInt64
        let reachable: Bool
        let source: String
        let checks: [Value]
        let latencyMs: Double
        let problem: String?
    }

    let state: SidecarState
    private let cache = Mutex<Cached?>(nil)

    init(state: SidecarState) { self.state = state }

    /// The source of the last agent answer ("agent-sdk" or "manifest-static").
    var cachedSource: String? { cache.withLock { $0?.source } }

    func answer(_ exchange: HTTPServerExchange) {
        let handle = exchange.handle
        let now = Clock.monotonicNanoseconds()
        if let c = cache.withLock({ $0 }), now - c.at < Self.cacheNanoseconds {
            respond(handle, c)
            return
        }
        let url = state.configuration.upstream.description + "/agentspec/health"
        let client = state.client
        Task {
            let start = Clock.monotonicNanoseconds()
            var cached: Cached
            do {
                let r = try await client.send(HTTPClientRequest(url: url, timeoutNanos: Self.timeoutNanoseconds))
                let ms = Double(Clock.monotonicNanoseconds() - start) / 1e6
                var checks: [Value] = []
                var source = "manifest-static"
                if (200..<300).contains(r.head.status), let doc = try? JSONReader.parse(bytes: r.body) {
                    source = "agent-sdk"
                    if case .array(let list)? = doc.field("checks") { checks = list }
                }
                cached = Cached(at: Clock.monotonicNanoseconds(), reachable: true, source: source, checks: checks, latencyMs: ms, problem: nil)
            } catch {
                cached = Cached(at: Clock.monotonicNanoseconds(), reachable: false, source: "manifest-static", checks: [],
                                latencyMs: Double(Clock.monotonicNanoseconds() - start) / 1e6, problem: "\(error)")
            }
            cache.withLock { $0 = cached }
            respond(handle, cached)
        }
    }

    private func respond(_ handle: ExchangeHandle, _ c: Cached) {
        var checks: [Value] = []
        var upstream: RegoObject = ["id": "upstream", "category": "agent", "latencyMs": .double((c.latencyMs * 10).rounded() / 10)]
        if c.reachable {
            upstream["status"] = "pass"
            upstream["severity"] = "error"
        } else {
            upstream["status"] = "fail"
            upstream["severity"] = "error"
            upstream["message"] = .string("agent unreachable at \(state.configuration.upstream.description): \(c.problem ?? "no answer")")
        }
        checks.append(.object(upstream))
        var policyCheck: RegoObject = ["id": "policy", "category": "policy", "severity": "warning"]
        if let e = state.policies.lastError {
            policyCheck["status"] = "fail"
            policyCheck["message"] = .string("policy reload failed, the previous policy stays in force: \(e)")
        } else {
            policyCheck["status"] = "pass"
        }
        checks.append(.object(policyCheck))
        if let bundle = bundleCheck() { checks.append(.object(bundle)) }
        if let opa = opaCheck() { checks.append(.object(opa)) }
        checks += c.checks
        var status = "ready"
        for case .object(let o) in checks {
            let s = o[.string("status")]?.stringValue, sev = o[.string("severity")]?.stringValue ?? "error"
            if s == "fail" && sev == "error" { status = "not-ready"; break }
            if s == "warn" || (s == "fail" && sev == "warning") { status = "degraded" }
        }
        let body: Value = .object([
            "status": .string(status), "source": .string(c.source),
            "agentName": .string(state.policies.current.manifest.metadata.name),
            "timestamp": .string(Clock.iso8601(Clock.unixNanoseconds())), "checks": .array(checks),
        ])
        let code = status == "not-ready" ? 503 : 200
        handle.run { exchange in exchange.respond(code, body) }
    }

    /// With BUNDLE_URL set: `fail` with severity error (not-ready) until a first bundle is
    /// active, as OPA is not ready before its bundles activate; then `fail` with severity
    /// warning (degraded) while the newest download or activation failed; else `pass`.
    private func bundleCheck() -> RegoObject? {
        guard let bundles = state.bundles else { return nil }
        var check: RegoObject = ["id": "bundle", "category": "policy"]
        switch bundles.snapshot.readiness {
        case .ready:
            check["status"] = "pass"
            check["severity"] = "warning"
        case .waiting(let why):
            check["status"] = "fail"
            check["severity"] = "error"
            check["message"] = .string(why)
        case .degraded(let why):
            check["status"] = "fail"
            check["severity"] = "warning"
            check["message"] = .string(why)
        }
        return check
    }

    /// With OPA_URL set: `warn` (degraded) while decisions fall back, `pass` otherwise.
    private func opaCheck() -> RegoObject? {
        guard let remote = state.engine.remote else { return nil }
        var check: RegoObject = ["id": "opa", "category": "policy", "severity": "warning"]
        guard let outage = state.engine.currentOutage else {
            check["status"] = "pass"
            return check
        }
        let mode = state.configuration.opaFailMode == .open ? "allowed (OPA_FAIL_MODE=open)" : "blocked in enforce mode (OPA_FAIL_MODE=closed)"
        check["status"] = "warn"
        check["message"] = .string("remote OPA at \(remote.url.description) unavailable since \(Clock.iso8601(outage.sinceUnix)): "
            + "\(outage.fallbacks) decision(s) fell back, \(mode); last reason: \(outage.reason)")
        return check
    }
}
