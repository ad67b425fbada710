// SidecarApp: assembles and runs the sidecar — the shared state (policy, engine, ring),
// the reverse proxy with its judge on PROXY_PORT, the control plane on
// CONTROL_PLANE_PORT, and with BUNDLE_URL / STATUS_URL the bundle poller and the status
// reporter. SIGHUP (or a changed manifest or POLICY_DIR file) reloads the policy and
// swaps it in atomically, with the bundle in force; SIGTERM/SIGINT stop accepting,
// drain in-flight requests within a bound, make the decision log's bounded last
// upload, and return.
import AgentSpec
import Dispatch
import Foundation
import PolicyVM
import SystemCalls

/// Why the sidecar could not start (one line; the CLI exits 1 with it).
public struct SidecarStartError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

/// A running sidecar.
public final class SidecarApp: @unchecked Sendable {
    /// How often watched policy files are checked for changes.
    static let watchIntervalSeconds = 2.0

    let state: SidecarState
    let proxyServer: HTTPServer
    let controlServer: HTTPServer
    private let controlPlane: ControlPlaneService
    private let watchQueue = DispatchQueue(label: "agentspec.policy-watch")
    private var watchTimer: DispatchSourceTimer?
    private var fingerprint: [String: Int64] = [:]
    private let bundlePoller: BundlePoller?
    private let statusReporter: StatusReporter?

    /// Loads the manifest and policy and binds both ports (nothing is served before both work).
    public init(configuration: SidecarConfiguration, environment: [String: String]) throws(SidecarStartError) {
        let policy: AgentPolicy
        do { policy = try AgentPolicy.load(manifestPath: configuration.manifestPath, policyDir: configuration.policyDir) } catch {
            throw SidecarStartError(message: error.message)
        }
        let manifestLevel = policy.manifest.spec.observability?.logging?.level.rawValue
        let level = configuration.logLevel ?? manifestLevel.flatMap(LogLevel.init(rawValue:)) ?? .info
        let logger = Logger(level: level, redactFields: policy.manifest.spec.observability?.logging?.redactFields ?? [])
        let client: HTTPClient
        do { client = try HTTPClient() } catch { throw SidecarStartError(message: "cannot start the HTTP client: \(error)") }
        state = SidecarState(configuration: configuration, policies: PolicyHolder(policy), logger: logger, client: client,
                             environment: environment)
        let proxy: ReverseProxy
        do { proxy = try ReverseProxy(configuration: Self.proxyConfiguration(state)) } catch {
            throw SidecarStartError(message: "Invalid UPSTREAM_URL: \"\(configuration.upstream.description)\" — \(error)")
        }
        let control = ControlPlaneService(state: state)
        controlPlane = control
        var proxyConfiguration = HTTPServerConfiguration(host: configuration.bindAddress, port: Int(configuration.proxyPort))
        proxyConfiguration.parserLimits.maxBodyBytes = configuration.maxRequestBodyBytes ?? Int.max
        proxyServer = HTTPServer(configuration: proxyConfiguration) { proxy.forward($0) }
        controlServer = HTTPServer(configuration: HTTPServerConfiguration(host: configuration.bindAddress, port: Int(configuration.controlPlanePort), threads: 1)) {
            control.handle($0)
        }
        do { try proxyServer.start() } catch {
            throw Self.listenError("PROXY_PORT", configuration.proxyPort, configuration.bindAddress, error)
        }
        do { try controlServer.start() } catch {
            proxyServer.shutdown()
            throw Self.listenError("CONTROL_PLANE_PORT", configuration.controlPlanePort, configuration.bindAddress, error)
        }
        fingerprint = Self.fingerprint(policy.sourceFiles, policyDir: configuration.policyDir)
        let fleet = Self.fleetClients(state, activationQueue: watchQueue)
        bundlePoller = fleet.0
        statusReporter = fleet.1
        state.decisionLog?.start()
        logger.info("sidecar started", [
            ("proxy", .int(proxyServer.port)), ("controlPlane", .int(controlServer.port)),
            ("agent", .string(policy.manifest.metadata.name)), ("policy", .string(state.engine.sourceName)),
            ("mode", .string(configuration.mode.rawValue)), ("upstream", .string(configuration.upstream.description)),
            ("decisionLog", .string(configuration.decisionLog?.url.description ?? "off")),
        ])
        if let warning = ControlPlaneAccess.exposureWarning(bindAddress: configuration.bindAddress,
                                                           token: configuration.controlPlaneToken) {
            logger.warn(warning, [
                ("bind", .string(configuration.bindAddress)), ("controlPlane", .int(controlServer.port)),
                ("fix", "set CONTROL_PLANE_TOKEN (every route but health, capabilities and metrics then needs it)"),
            ])
        }
    }

    /// The bundle poller (BUNDLE_URL) and the status reporter (STATUS_URL), started: the
    /// first download and the first report go at once, in the background. Activations
    /// run on `activationQueue`, the queue reloads run on.
    static func fleetClients(_ state: SidecarState, activationQueue: DispatchQueue) -> (BundlePoller?, StatusReporter?) {
        let client = state.client
        let reporter = state.configuration.status.map { settings in
            StatusReporter(settings: settings, logger: state.logger, transport: { request throws(HTTPClientError) in
                try await client.send(request)
            }, document: { state.statusDocument() })
        }
        var poller: BundlePoller?
        if let settings = state.configuration.bundle, let activity = state.bundles {
            poller = BundlePoller(settings: settings, activity: activity, policies: state.policies, logger: state.logger,
                                  activationQueue: activationQueue, transport: { request throws(HTTPClientError) in
                                      try await client.send(request)
                                  }, onChange: { reporter?.reportSoon() })
        }
        reporter?.start()
        poller?.start()
        return (poller, reporter)
    }

    /// PROXY_PORT's reverse proxy: to UPSTREAM_URL, every response judged and every
    /// request recorded by the RequestJudge; a client cannot speak for the agent, so its
    /// own X-AgentSpec-* fields never pass.
    static func proxyConfiguration(_ state: SidecarState) -> ReverseProxyConfiguration {
        var configuration = ReverseProxyConfiguration(upstream: state.configuration.upstream.description)
        configuration.client.responseTimeoutNanos = UInt64(state.configuration.upstreamTimeoutMs) * 1_000_000
        configuration.strippedRequestHeaderPrefixes = ReportFields.clientPrefixes
        configuration.judge = RequestJudge(state: state)
        return configuration
    }

    /// `Cannot listen on PROXY_PORT 4000: address already in use` (the contract's text);
    /// other failures name the bind address too, since it may be the cause.
    static func listenError(_ variable: String, _ port: UInt16, _ bindAddress: String, _ error: SystemError) -> SidecarStartError {
        let message = "Cannot listen on \(variable) \(port): \(error.reason)"
        return SidecarStartError(message: error.errno == EADDRINUSE ? message : message + " (BIND_ADDRESS \(bindAddress))")
    }

    public var proxyPort: Int { proxyServer.port }
    public var controlPlanePort: Int { controlServer.port }

    /// Reloads the manifest and policy; a failure keeps the policy in force.
    public func reload(reason: String) {
        let c = state.configuration
        let result: Result<AgentPolicy, AgentPolicyError>
        do {
            result = .success(try AgentPolicy.load(manifestPath: c.manifestPath, policyDir: c.policyDir, bundle: state.policies.current.bundle))
        } catch {
            result = .failure(error)
        }
        state.policies.install(result)
        switch result {
        case .success(let p):
            fingerprint = Self.fingerprint(p.sourceFiles, policyDir: c.policyDir)
            state.metrics.countReload("success")
            state.logger.info("policy reloaded", [("reason", .string(reason)), ("package", .string(p.generated.packageName))])
        case .failure(let e):
            fingerprint = Self.fingerprint(state.policies.current.sourceFiles + [c.manifestPath], policyDir: c.policyDir)
            state.metrics.countReload("failure")
            state.logger.error("policy reload failed; keeping the previous policy", [("reason", .string(reason)), ("error", .string(e.message))])
        }
    }

    /// Watches the manifest and POLICY_DIR for changes (polling their modification times).
    public func watchPolicyFiles() {
        let timer = DispatchSource.makeTimerSource(queue: watchQueue)
        timer.schedule(deadline: .now() + Self.watchIntervalSeconds, repeating: Self.watchIntervalSeconds)
        timer.setEventHandler { [weak self] in
            guard let self else { return }
            let now = Self.fingerprint(self.state.policies.current.sourceFiles + [self.state.configuration.manifestPath],
                                       policyDir: self.state.configuration.policyDir)
            if now != self.fingerprint { self.reload(reason: "file changed") }
        }
        timer.resume()
        watchTimer = timer
    }

    /// Modification times (ns) of the policy's files and of every file in POLICY_DIR.
    static func fingerprint(_ files: [String], policyDir: String?) -> [String: Int64] {
        var paths = Set(files)
        if let dir = policyDir, let names = try? FileManager.default.subpathsOfDirectory(atPath: dir) {
            for n in names where PolicyFileLoader.isPolicyFileName(String(n.split(separator: "/").last ?? "")) { paths.insert(dir + "/" + n) }
        }
        var out: [String: Int64] = [:]
        for p in paths {
            var st = stat()
            out[p] = stat(p, &st) == 0 ? Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec) + Int64(st.st_size) << 40 : -1
        }
        return out
    }

    /// Stops accepting and drains both servers (bounded), then stops background work.
    public func shutdown() {
        watchTimer?.cancel()
        bundlePoller?.stop()
        statusReporter?.stop()
        state.logger.info("sidecar stopping", [("inFlightDrainSeconds", .int(10))])
        // Audit streams never finish on their own: end them so they do not hold the drain.
        controlPlane.openStreams.endAll()
        proxyServer.shutdown()
        controlServer.shutdown()
        // After the drain: the drained requests' decisions are in the last upload.
        state.decisionLog?.shutdown()
        state.client.shutdown()
        state.logger.info("sidecar stopped")
    }

    /// Runs until SIGTERM or SIGINT; SIGHUP reloads the policy.
    public func runUntilSignalled() {
        for s in [SIGTERM, SIGINT, SIGHUP] { signal(s, SIG_IGN) }
        let done = DispatchSemaphore(value: 0)
        let queue = DispatchQueue(label: "agentspec.signals")
        var sources: [DispatchSourceSignal] = []
        for s in [SIGTERM, SIGINT] {
            let src = DispatchSource.makeSignalSource(signal: s, queue: queue)
            src.setEventHandler { done.signal() }
            src.resume()
            sources.append(src)
        }
        let hup = DispatchSource.makeSignalSource(signal: SIGHUP, queue: watchQueue)
        hup.setEventHandler { [weak self] in self?.reload(reason: "SIGHUP") }
        hup.resume()
        sources.append(hup)
        watchPolicyFiles()
        done.wait()
        shutdown()
        withExtendedLifetime(sources) {}
    }
}
