// ControlPlaneService: port 4001. Routes every control-plane request (canonical paths
// under /agentspec, the same paths without the prefix for older clients), checks the
// optional bearer token (constant-time; probes and scrapers are exempt; without one,
// events only from loopback), and answers
// with JSON everywhere: 404 for unknown routes, 405 with Allow for wrong methods.
import PolicyVM

/// The control plane on port 4001.
final class ControlPlaneService: Sendable {
    let state: SidecarState
    let readiness: ReadinessProbe
    /// Open audit streams (SSE): they never end by themselves, so shutdown ends them.
    let openStreams = OpenStreams()

    /// Routes probes and scrapers reach without the token.
    static let openRoutes: Set<String> = ["health/live", "health/ready", "capabilities", "metrics", ".well-known/agent.json"]

    init(state: SidecarState) {
        self.state = state
        self.readiness = ReadinessProbe(state: state)
    }

    func handle(_ exchange: HTTPServerExchange) {
        let target = exchange.request.target
        let pathEnd = target.firstIndex(of: "?") ?? target.endIndex
        let path = String(target[..<pathEnd])
        let query = pathEnd < target.endIndex ? String(target[target.index(after: pathEnd)...]) : ""
        var route = path
        if route.hasPrefix("/agentspec/") { route = String(route.dropFirst("/agentspec/".count)) } else if route.hasPrefix("/") { route = String(route.dropFirst()) }
        if route.hasSuffix("/") && route.count > 1 { route.removeLast() }

        if let token = state.configuration.controlPlaneToken, !Self.openRoutes.contains(route),
           !ControlPlaneAccess.isAuthorized(exchange.request.headers, token: token) {
            exchange.respond(401, .object(["error": "Unauthorized"]), extra: ["WWW-Authenticate": "Bearer"])
            return
        }
        if route == "events", !ControlPlaneAccess.mayPushEvents(peer: exchange.remoteHost, token: state.configuration.controlPlaneToken) {
            exchange.respond(403, .object(["error": "Forbidden", "message": .string(
                "events are taken from loopback only while CONTROL_PLANE_TOKEN is unset; set it to take them from \(exchange.remoteHost)")]))
            return
        }
        let method = exchange.request.method
        func only(_ allowed: HTTPMethod, _ body: () -> Void) {
            if method == allowed || (allowed == .get && method == .head) { body() } else { Self.methodNotAllowed(exchange, allowed) }
        }
        switch route {
        case "health/live":
            only(.get) { exchange.respond(200, .object(["status": "live"])) }
        case "health/ready":
            only(.get) { readiness.answer(exchange) }
        case "explore":
            only(.get) { explore(exchange) }
        case "gap":
            only(.get) { GapEndpoint(state: state).answer(exchange) }
        case "audit":
            only(.get) { AuditEndpoints(state: state).list(exchange, query: query) }
        case "audit/stream":
            only(.get) { AuditEndpoints(state: state).stream(exchange, streams: openStreams) }
        case "events":
            only(.post) { EventsEndpoint(state: state).answer(exchange) }
        case "capabilities", ".well-known/agent.json":
            only(.get) { agentCard(exchange) }
        case "metrics":
            only(.get) { metrics(exchange) }
        case "status":
            only(.get) { exchange.respond(200, state.statusDocument()) }
        default:
            if route.hasPrefix("explain/") {
                only(.get) { AuditEndpoints(state: state).explain(exchange, id: String(route.dropFirst("explain/".count))) }
            } else if path.hasPrefix("/v1/data") {
                if method == .post || method == .get {
                    DataAPIEndpoint(state: state).answer(exchange, path: String(path.dropFirst("/v1/data".count)), query: query)
                } else {
                    Self.methodNotAllowed(exchange, .post)
                }
            } else {
                exchange.respond(404, .object(["error": "NotFound", "message": .string("no route \(method.rawValue) \(path)")]))
            }
        }
    }

    func explore(_ exchange: HTTPServerExchange) {
        let policy = state.policies.current
        let uptime = Int64((Clock.monotonicNanoseconds() - state.startedAt) / 1_000_000_000)
        let source = readiness.cachedSource ?? "manifest-static"
        exchange.respond(200, ManifestViews.explore(
            policy.manifest, source: source, policySource: state.engine.sourceName, packageName: policy.generated.packageName,
            rules: policy.generated.ruleIds, bundle: policy.bundle.map { ($0.name, $0.revision) }, uptimeSeconds: uptime, version: SidecarState.version,
            environment: state.environment))
    }

    func agentCard(_ exchange: HTTPServerExchange) {
        let host = exchange.request.headers[first: "Host"] ?? "localhost:\(state.configuration.proxyPort)"
        let proxyHost = host.split(separator: ":").first.map(String.init) ?? "localhost"
        exchange.respond(200, ManifestViews.agentCard(state.policies.current.manifest,
                                                      url: "http://\(proxyHost):\(state.configuration.proxyPort)",
                                                      version: SidecarState.version))
    }

    func metrics(_ exchange: HTTPServerExchange) {
        var text = state.metrics.render(gauges: [
            ("agentspec_audit_ring_entries", "Entries held in the audit ring.", Double(state.ring.count)),
            ("agentspec_pending_event_requests", "Requests whose pushed events wait for their request.", Double(state.held.count)),
            ("agentspec_pending_event_bytes", "Bytes the waiting events take (bounded).", Double(state.held.bytes)),
            ("agentspec_policy_generation", "How many times a policy was installed.", Double(state.policies.generation)),
            ("agentspec_policy_reload_failing", "1 while the newest policy reload failed.", state.policies.lastError == nil ? 0 : 1),
        ])
        if let bundles = state.bundles { text += BundleMetrics.render(bundles.snapshot, escape: state.metrics.escape) }
        if let decisionLog = state.decisionLog { text += decisionLog.stats.prometheusText }
        exchange.respond(HTTPResponseHead(status: 200, headers: ["Content-Type": "text/plain; version=0.0.4; charset=utf-8"]),
                         body: Array(text.utf8))
    }

    // MARK: - Helpers

    static func methodNotAllowed(_ exchange: HTTPServerExchange, _ allowed: HTTPMethod) {
        exchange.respond(405, .object(["error": "MethodNotAllowed",
                                       "message": .string("\(exchange.request.method.rawValue) is not allowed here; use \(allowed.rawValue)")]),
                         extra: ["Allow": allowed == .get ? "GET, HEAD" : allowed.rawValue])
    }
}
