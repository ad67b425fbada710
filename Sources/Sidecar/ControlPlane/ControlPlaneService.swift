// ControlPlaneService: port 4001. Routes every control-plane request (canonical paths
// under /agentspec, the same paths without the prefix for older clients), checks the
// optional bearer token (constant-time; probes and scrapers are exempt), and answers
// with JSON everywhere: 404 for unknown routes, 405 with Allow for wrong methods.
import PolicyVM

/// The control plane on port 4001.
public final class ControlPlaneService: Sendable {
    let state: SidecarState
    let readiness: ReadinessProbe

    /// Routes probes and scrapers reach without the token.
    static let openRoutes: Set<String> = ["health/live", "health/ready", "capabilities", "metrics", ".well-known/agent.json"]

    public init(state: SidecarState) {
        self.state = state
        self.readiness = ReadinessProbe(state: state)
    }

    public func handle(_ exchange: HTTPServerExchange) {
        let target = exchange.request.target
        let pathEnd = target.firstIndex(of: "?") ?? target.endIndex
        let path = String(target[..<pathEnd])
        let query = pathEnd < target.endIndex ? String(target[target.index(after: pathEnd)...]) : ""
        var route = path
        if route.hasPrefix("/agentspec/") { route = String(route.dropFirst("/agentspec/".count)) } else if route.hasPrefix("/") { route = String(route.dropFirst()) }
        if route.hasSuffix("/") && route.count > 1 { route.removeLast() }

        if let token = state.configuration.controlPlaneToken, !Self.openRoutes.contains(route),
           !ControlPlaneAccess.isAuthorized(exchange.request.headers, token: token) {
            Self.respond(exchange, 401, .object(["error": "Unauthorized"]), extra: ["WWW-Authenticate": "Bearer"])
            return
        }
        let method = exchange.request.method
        func only(_ allowed: HTTPMethod, _ body: () -> Void) {
            if method == allowed || (allowed == .get && method == .head) { body() } else { Self.methodNotAllowed(exchange, allowed) }
        }
        switch route {
        case "health/live":
            only(.get) { Self.respond(exchange, 200, .object(["status": "live"])) }
        case "health/ready":
            only(.get) { readiness.answer(exchange) }
        case "explore":
            only(.get) { explore(exchange) }
        case "gap":
            only(.get) { GapEndpoint(state: state).answer(exchange) }
        case "audit":
            only(.get) { AuditEndpoints(state: state).list(exchange, query: query) }
        case "audit/stream":
            only(.get) { AuditEndpoints(state: state).stream(exchange) }
        case "events":
            only(.post) { EventsEndpoint(state: state).answer(exchange) }
        case "capabilities", ".well-known/agent.json":
            only(.get) { agentCard(exchange) }
        case "metrics":
            only(.get) { metrics(exchange) }
        default:
            if route.hasPrefix("explain/") {
                only(.get) { AuditEndpoints(state: state).explain(exchange, id: String(route.dropFirst("explain/".count))) }
            } else if path.hasPrefix("/v1/data") {
                if method == .post || method == .get {
                    DataAPIEndpoint(state: state).answer(exchange, path: String(path.dropFirst("/v1/data".count)))
                } else {
                    Self.methodNotAllowed(exchange, .post)
                }
            } else {
                Self.respond(exchange, 404, .object(["error": "NotFound", "message": .string("no route \(method.rawValue) \(path)")]))
            }
        }
    }

    func explore(_ exchange: HTTPServerExchange) {
        let policy = state.policies.current
        let uptime = Int64((Clock.monotonicNanoseconds() - state.startedAt) / 1_000_000_000)
        let source = readiness.cachedSource ?? "manifest-static"
        Self.respond(exchange, 200, ManifestViews.explore(
            policy.manifest, source: source, policySource: state.engine.sourceName, packageName: policy.generated.packageName,
            rules: policy.generated.ruleIds, uptimeSeconds: uptime, version: SidecarState.version,
            environment: state.environment))
    }

    func agentCard(_ exchange: HTTPServerExchange) {
        let host = exchange.request.headers[first: "Host"] ?? "localhost:\(state.configuration.proxyPort)"
        let proxyHost = host.split(separator: ":").first.map(String.init) ?? "localhost"
        Self.respond(exchange, 200, ManifestViews.agentCard(state.policies.current.manifest,
                                                            url: "http://\(proxyHost):\(state.configuration.proxyPort)",
                                                            version: SidecarState.version))
    }

    func metrics(_ exchange: HTTPServerExchange) {
        let text = state.metrics.render(gauges: [
            ("agentspec_audit_ring_entries", "Entries held in the audit ring.", Double(state.ring.count)),
            ("agentspec_pending_event_requests", "Requests whose pushed events wait for their request.", Double(state.pending.count)),
            ("agentspec_pending_event_bytes", "Bytes the waiting events take (bounded).", Double(state.pending.bytes)),
            ("agentspec_policy_generation", "How many times a policy was installed.", Double(state.policies.generation)),
            ("agentspec_policy_reload_failing", "1 while the newest policy reload failed.", state.policies.lastError == nil ? 0 : 1),
        ])
        exchange.respond(HTTPResponseHead(status: 200, headers: ["Content-Type": "text/plain; version=0.0.4; charset=utf-8"]),
                         body: Array(text.utf8))
    }

    // MARK: - Helpers

    static func respond(_ exchange: HTTPServerExchange, _ status: Int, _ body: Value, extra: [String: String] = [:]) {
        var headers: HTTPHeaders = ["Content-Type": "application/json"]
        for (k, v) in extra.sorted(by: { $0.key < $1.key }) { headers.add(name: k, value: v) }
        var bytes: [UInt8] = []
        JSONWriter.append(body, to: &bytes)
        exchange.respond(HTTPResponseHead(status: status, headers: headers), body: bytes)
    }

    static func methodNotAllowed(_ exchange: HTTPServerExchange, _ allowed: HTTPMethod) {
        respond(exchange, 405, .object(["error": "MethodNotAllowed",
                                        "message": .string("\(exchange.request.method.rawValue) is not allowed here; use \(allowed.rawValue)")]),
                extra: ["Allow": allowed == .get ? "GET, HEAD" : allowed.rawValue])
    }

    /// Reads a whole request body (up to `limit` bytes; past it the server answers 413).
    static func readBody(_ exchange: HTTPServerExchange, limit: Int, _ done: @escaping ([UInt8]) -> Void) {
        exchange.maxRequestBodyBytes = limit
        var body: [UInt8] = []
        exchange.readBody(onChunk: { body.append(contentsOf: $0) }, onEnd: { _ in done(body) })
    }

    /// Parses a JSON body, answering 400 with the parser's position when it is not JSON.
    static func parseJSON(_ exchange: HTTPServerExchange, _ body: [UInt8]) -> Value? {
        do {
            return try JSONReader.parse(bytes: body)
        } catch {
            respond(exchange, 400, .object(["error": "BadRequest", "message": .string("malformed JSON at \(error.line):\(error.column): \(error.message)")]))
            return nil
        }
    }
}
