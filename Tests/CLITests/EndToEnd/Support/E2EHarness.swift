// E2EHarness: one end-to-end test's world — a temporary folder and the processes the
// test starts in it: the built `agentspec sidecar` (on freshly picked loopback ports,
// retried when a port was taken meanwhile, ready once /agentspec/health/live answers),
// the Python test upstream, `agentspec example-agent`, the real OPA, a fake Messages
// API. `stop()` kills them all; every test calls it in a `defer`.
import Foundation
import Testing

/// Where the binary, the scripts, the manifest and the shared tools are.
enum E2EPaths {
    /// The repository root (this file is Tests/CLITests/EndToEnd/Support/E2EHarness.swift).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let scripts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Python")
    static let gymcoach = root.appendingPathComponent("examples/gymcoach/agent.yaml").path
    /// ../shared beside the repository (as .ci/run finds it), or AGENTSPEC_SHARED.
    static let shared = ProcessInfo.processInfo.environment["AGENTSPEC_SHARED"]
        ?? root.deletingLastPathComponent().appendingPathComponent("shared").path
    static let opaServer = shared + "/tools/opa/opa_server.py"
    static let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first { FileManager.default.isExecutableFile(atPath: $0) }
}

/// Whether the clients and helper servers the tests drive exist here (python3, curl).
enum E2ETools {
    static let problem: String? = {
        if E2EPaths.python == nil { return "python3 is not installed" }
        if Curl.path == nil { return "curl is not installed" }
        return nil
    }()
    static var areAvailable: Bool { problem == nil }
    static var reason: Comment { Comment(rawValue: "end-to-end tests need \(problem ?? "python3 and curl")") }
}

/// Whether the real OPA can run here (opa_server.py present and its engine installable).
enum OPAAvailability {
    static let problem: String? = {
        guard E2EPaths.python != nil else { return "python3 is not installed" }
        guard FileManager.default.fileExists(atPath: E2EPaths.opaServer) else { return "\(E2EPaths.opaServer) is missing" }
        guard let (status, _, _) = try? runCapturing("/bin/bash", [E2EPaths.shared + "/tools/opa/install.sh"]), status == 0 else {
            return "the real OPA engine could not be installed from PyPI (tools/opa/install.sh failed)"
        }
        return nil
    }()
    static var isAvailable: Bool { problem == nil }
    static var reason: Comment { Comment(rawValue: "needs the real OPA: \(problem ?? "")") }
}

/// At most this many end-to-end worlds run at once (the CI machine has two cores).
actor E2ESlots {
    static let shared = E2ESlots(limit: Int(ProcessInfo.processInfo.environment["AGENTSPEC_E2E_PARALLEL"] ?? "") ?? 4)
    private var available: Int
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(limit: Int) { available = max(1, limit) }

    func acquire() async {
        if available > 0 { available -= 1; return }
        await withCheckedContinuation { waiters.append($0) }
    }

    func release() {
        if waiters.isEmpty { available += 1 } else { waiters.removeFirst().resume() }
    }
}

/// A started sidecar.
struct SidecarHandle: Sendable {
    let process: BackgroundProcess
    let proxyPort: Int
    let controlPort: Int
    var proxy: String { "http://127.0.0.1:\(proxyPort)" }
    var control: String { "http://127.0.0.1:\(controlPort)" }
}

/// A started helper server with the port it reported.
struct ServerHandle: Sendable {
    let process: BackgroundProcess
    let port: Int
    var url: String { "http://127.0.0.1:\(port)" }
}

final class E2EHarness: @unchecked Sendable {
    let directory: URL
    private let lock = NSLock()
    private var processes: [BackgroundProcess] = []
    private var counter = 0

    private init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("agentspec-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    /// A new world, once a slot is free.
    static func begin() async throws -> E2EHarness {
        guard FileManager.default.isExecutableFile(atPath: BinaryRunner.binaryURL.path) else {
            throw E2EError("the agentspec binary is not built at \(BinaryRunner.binaryURL.path) (swift build --product agentspec)")
        }
        await E2ESlots.shared.acquire()
        do { return try E2EHarness() } catch {
            await E2ESlots.shared.release()
            throw error
        }
    }

    /// Kills every process of this world and removes its folder.
    func stop() {
        let all = lock.withLock { () -> [BackgroundProcess] in defer { processes = [] }; return processes }
        for p in all.reversed() { p.stop() }
        try? FileManager.default.removeItem(at: directory)
        Task { await E2ESlots.shared.release() }
    }

    /// Starts a process that belongs to this world.
    func spawn(_ name: String, _ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws -> BackgroundProcess {
        let unique = lock.withLock { () -> String in counter += 1; return "\(name)-\(counter)" }
        let p = try BackgroundProcess(name: unique, executable: executable, arguments: arguments,
                                      environment: Self.environment(environment), directory: directory)
        lock.withLock { processes.append(p) }
        return p
    }

    /// The test's environment without anything that configures a sidecar, plus `extra`.
    static func environment(_ extra: [String: String]) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        for key in env.keys where sidecarVariables.contains(key) { env[key] = nil }
        for (k, v) in extra { env[k] = v }
        return env
    }

    static let sidecarVariables: Set<String> = [
        "UPSTREAM_URL", "MANIFEST_PATH", "AGENTSPEC_MANIFEST_PATH", "PROXY_PORT", "CONTROL_PLANE_PORT", "BIND_ADDRESS",
        "AUDIT_RING_SIZE", "UPSTREAM_TIMEOUT_MS", "OPA_URL", "OPA_PROXY_MODE", "OPA_TIMEOUT_MS", "POLICY_DIR", "LOG_LEVEL",
        "ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL", "CONTROL_PLANE_TOKEN", "MAX_REQUEST_BODY_BYTES", "OPA_FAIL_MODE",
        "BUNDLE_URL", "BUNDLE_POLL_MIN_S", "BUNDLE_POLL_MAX_S", "BUNDLE_TOKEN", "STATUS_URL", "STATUS_INTERVAL_S", "STATUS_TOKEN",
        "DECISION_LOG_URL", "DECISION_LOG_TOKEN", "DECISION_LOG_FLUSH_INTERVAL_MS", "DECISION_LOG_UPLOAD_LIMIT_BYTES",
        "DECISION_LOG_BUFFER_EVENTS", "DECISION_LOG_BUFFER_BYTES", "DECISION_LOG_RETRY_MIN_MS", "DECISION_LOG_RETRY_MAX_MS",
        "DECISION_LOG_SHUTDOWN_FLUSH_MS", "DECISION_LOG_GZIP_LEVEL",
    ]

    /// A file in this world's folder.
    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    // MARK: - The sidecar

    /// Starts `agentspec sidecar` in front of `upstream` with the GymCoach manifest unless
    /// `env` says otherwise; ready once /agentspec/health/live answers 200.
    func sidecar(upstream: String, env: [String: String] = [:], arguments: [String] = [],
                 controlPort fixedControlPort: Int? = nil) async throws -> SidecarHandle {
        var lastOutput = ""
        for _ in 0..<6 {
            let proxyPort = try freePort()
            var controlPort = try fixedControlPort ?? freePort()
            while controlPort == proxyPort { controlPort = try freePort() }
            var variables = ["UPSTREAM_URL": upstream, "MANIFEST_PATH": E2EPaths.gymcoach, "BIND_ADDRESS": "127.0.0.1",
                             "PROXY_PORT": String(proxyPort), "CONTROL_PLANE_PORT": String(controlPort)]
            for (k, v) in env { variables[k] = v }
            let p = try spawn("sidecar", BinaryRunner.binaryURL.path, ["sidecar"] + arguments, environment: variables)
            let live = try await poll("the sidecar's /agentspec/health/live", timeout: 15, interval: 0.05) { () -> Bool? in
                if !p.isRunning { return false }
                guard acceptsConnections(controlPort) else { return nil }
                let r = try await Curl.request("http://127.0.0.1:\(controlPort)/agentspec/health/live", maxTime: 2)
                return r.status == 200 ? true : nil
            }
            if live { return SidecarHandle(process: p, proxyPort: proxyPort, controlPort: controlPort) }
            lastOutput = p.output
            guard p.stderr.contains("Cannot listen") else { break }
        }
        throw E2EError("the sidecar did not start:\n\(lastOutput)")
    }

    // MARK: - Helper servers

    /// Runs a Python script of Support/Python that prints `listening on <port>` when bound.
    func pythonServer(_ script: String, _ arguments: [String]) async throws -> ServerHandle {
        guard let python = E2EPaths.python else { throw E2EError("python3 is not installed") }
        let p = try spawn(script, python, ["-u", E2EPaths.scripts.appendingPathComponent(script).path] + arguments)
        let port = try await poll("\(script) to listen", timeout: 10) { () -> Int? in
            if !p.isRunning { throw E2EError("\(script) exited:\n\(p.output)") }
            guard let line = p.stdout.split(separator: "\n").first(where: { $0.hasPrefix("listening on ") }) else { return nil }
            return Int(line.dropFirst("listening on ".count))
        }
        return ServerHandle(process: p, port: port)
    }

    /// The scriptable test upstream (Support/Python/upstream.py).
    func upstream(_ arguments: [String] = []) async throws -> ServerHandle {
        try await pythonServer("upstream.py", arguments)
    }

    /// `agentspec example-agent` on a port of its choosing, pushing events to `controlPlane`.
    func exampleAgent(controlPlane: String?) async throws -> ServerHandle {
        let p = try spawn("example-agent", BinaryRunner.binaryURL.path,
                          ["example-agent", "--port", "0"] + (controlPlane.map { ["--control-plane", $0] } ?? []))
        let port = try await poll("the example agent to listen", timeout: 10) { () -> Int? in
            if !p.isRunning { throw E2EError("example-agent exited:\n\(p.output)") }
            guard let line = p.stdout.split(separator: "\n").first(where: { $0.hasPrefix("example agent listening on port ") }) else { return nil }
            return Int(line.dropFirst("example agent listening on port ".count))
        }
        return ServerHandle(process: p, port: port)
    }

    /// The example agent and a sidecar in front of it, the agent pushing events to it.
    func exampleStack(env: [String: String] = [:]) async throws -> (agent: ServerHandle, sidecar: SidecarHandle) {
        for _ in 0..<4 {
            let controlPort = try freePort()
            let agent = try await exampleAgent(controlPlane: "http://127.0.0.1:\(controlPort)")
            do {
                return (agent, try await sidecar(upstream: agent.url, env: env, controlPort: controlPort))
            } catch {
                agent.process.stop()
            }
        }
        throw E2EError("could not start the example agent with a sidecar on a free control-plane port")
    }

    /// The real OPA (shared/tools/opa/opa_server.py) serving `paths`; ready once /health
    /// answers. On `port` when given (an OPA that comes back where it was), else a free one.
    func opa(_ paths: [String], delayMs: Int? = nil, failStatus: Int? = nil, port fixedPort: Int? = nil) async throws -> ServerHandle {
        guard let python = E2EPaths.python else { throw E2EError("python3 is not installed") }
        for _ in 0..<5 {
            let port = try fixedPort ?? freePort()
            var args = [E2EPaths.opaServer, "--addr", "127.0.0.1:\(port)"]
            if let delayMs { args += ["--delay-ms", String(delayMs)] }
            if let failStatus { args += ["--fail-status", String(failStatus)] }
            let p = try spawn("opa", python, args + paths)
            let up = try await poll("OPA's /health", timeout: 30, interval: 0.05) { () -> Bool? in
                if !p.isRunning { return false }
                guard acceptsConnections(port) else { return nil }
                return try await Curl.request("http://127.0.0.1:\(port)/health", maxTime: 2).status == 200 ? true : nil
            }
            if up { return ServerHandle(process: p, port: port) }
            guard p.stderr.contains("Address already in use") else { throw E2EError("OPA did not start:\n\(p.output)") }
        }
        throw E2EError("OPA found no free port")
    }

    /// `agentspec generate-policy` for `manifest`: the bundle the sidecar compiles.
    func policyBundle(_ manifest: String = E2EPaths.gymcoach) async throws -> String {
        let out = path("bundle-\(UUID().uuidString)")
        let r = try await offload { try BinaryRunner.run(["generate-policy", manifest, "--out", out]) }
        guard r.status == 0 else { throw E2EError("generate-policy failed: \(r.stderr)") }
        return out
    }

    /// Starts Support/Python/stream_client.py with `arguments` (see its header).
    func streamClient(_ arguments: [String]) throws -> BackgroundProcess {
        guard let python = E2EPaths.python else { throw E2EError("python3 is not installed") }
        return try spawn("stream-client", python, ["-u", E2EPaths.scripts.appendingPathComponent("stream_client.py").path] + arguments)
    }

    /// A copy of the GymCoach manifest in this world's folder (for tests that edit it).
    func manifestCopy() throws -> String {
        let target = path("agent.yaml")
        try FileManager.default.copyItem(atPath: E2EPaths.gymcoach, toPath: target)
        return target
    }

    // MARK: - Reading the sidecar

    /// The audit ring (GET /agentspec/audit).
    func audit(_ sidecar: SidecarHandle, query: String = "", headers: [String] = []) async throws -> [[String: Any]] {
        let r = try await Curl.request(sidecar.control + "/agentspec/audit" + query, headers: headers)
        guard r.status == 200 else { throw E2EError("GET /agentspec/audit: \(r)") }
        return try r.array()
    }

    /// The audit entry of `requestId`, once it is there and `condition` holds for it.
    func entry(_ sidecar: SidecarHandle, _ requestId: String, timeout: Double = 10,
               where condition: @escaping ([String: Any]) -> Bool = { _ in true }) async throws -> [String: Any] {
        try await poll("audit entry \(requestId)", timeout: timeout, interval: 0.05) {
            try await self.audit(sidecar).first { $0.string("requestId") == requestId && condition($0) }
        }
    }
}

/// An upstream instruction to answer with these X-AgentSpec-* behaviour headers.
func behaviourHeaders(guardrails: [String] = [], tools: [String] = [], confirmed: Bool = false,
                      extra: [(String, String)] = []) -> String {
    var pairs: [[String]] = guardrails.map { ["X-AgentSpec-Guardrails-Invoked", $0] }
    pairs += tools.map { ["X-AgentSpec-Tools-Called", $0] }
    if confirmed { pairs.append(["X-AgentSpec-User-Confirmed", "true"]) }
    pairs += extra.map { [$0.0, $0.1] }
    let json = (try? JSONSerialization.data(withJSONObject: pairs)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
    return "X-Test-Respond: " + json
}
