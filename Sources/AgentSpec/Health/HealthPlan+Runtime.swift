// HealthPlan+Runtime: the checks of what runs beside the agent — MCP servers (stdio:
// the command is on PATH; sse/http: the URL answers), subagents (local manifests exist
// and validate; A2A URLs answer) — and of the machine: memory, node and python.
import Foundation

extension HealthPlan {
    /// A check that resolves a URL field and probes it over HTTP.
    func urlCheck(id: String, category: HealthCategory, severity: HealthSeverity, url: RefOrLiteral, field: String, timeout: Duration) -> HealthCheck {
        let resolver = self.resolver
        return HealthCheck(id: id, category: category, severity: severity, timeout: timeout,
                           remediation: "start the service behind \(field) or fix its URL") { deadline in
            let text: String
            switch resolver.attempt(url, field: field) {
            case .success(let value): text = value
            case .failure(let error): return ProbeOutcome(status: .skip, message: "\(field): \(error.reason)")
            }
            return HTTPProbe.probe(url: text, deadline: deadline)
        }
    }

    var mcpChecks: [HealthCheck] {
        let path = resolver.environment["PATH"]
        return (manifest.spec.mcp?.servers ?? []).enumerated().map { i, server in
            let budget = server.healthCheckTimeoutSeconds.map { Duration.seconds($0) } ?? timeout
            let field = "spec.mcp.servers[\(i)]"
            switch server.transport {
            case .stdio:
                let command = server.command ?? ""
                return HealthCheck(id: "mcp:\(server.name)", category: .mcp, severity: .error, timeout: budget,
                                   remediation: "install \(command.isEmpty ? "the server's command" : command) or fix \(field).command") { _ in
                    guard !command.isEmpty else { return ProbeOutcome(status: .fail, message: "\(field): a stdio server needs a command") }
                    guard let found = SystemFacts.executable(command, path: path) else {
                        return ProbeOutcome(status: .fail, message: "\(command) is not an executable on PATH")
                    }
                    return ProbeOutcome(status: .pass, message: "\(command) found at \(found)")
                }
            case .sse, .http:
                guard let url = server.url else {
                    return HealthCheck(id: "mcp:\(server.name)", category: .mcp, severity: .error, timeout: budget,
                                       remediation: "set \(field).url") { _ in
                        ProbeOutcome(status: .fail, message: "\(field): a \(server.transport.rawValue) server needs a url")
                    }
                }
                return urlCheck(id: "mcp:\(server.name)", category: .mcp, severity: .error, url: .literal(url), field: "\(field).url", timeout: budget)
            }
        }
    }

    var subagentChecks: [HealthCheck] {
        let directory = resolver.manifestDirectory
        return manifest.spec.subagents.enumerated().map { i, subagent in
            let field = "spec.subagents[\(i)].ref"
            switch subagent.ref {
            case .local(let path):
                return HealthCheck(id: "subagent:\(subagent.name)", category: .subagent, severity: .error, timeout: timeout,
                                   remediation: "create \(path) (relative to the manifest) or fix \(field).agentspec") { _ in
                    let full = path.hasPrefix("/") ? path : directory + "/" + path
                    guard FileManager.default.fileExists(atPath: full) else {
                        return ProbeOutcome(status: .fail, message: "\(field).agentspec: \(path) does not exist")
                    }
                    let loaded = ManifestLoader.load(path: full)
                    guard loaded.isValid else {
                        let first = loaded.diagnostics.first.map { $0.description } ?? "invalid"
                        return ProbeOutcome(status: .fail, message: "\(path) is not a valid manifest (\(loaded.diagnostics.count) problem\(loaded.diagnostics.count == 1 ? "" : "s"); first: \(first))")
                    }
                    return ProbeOutcome(status: .pass, message: "\(path) validates")
                }
            case .a2a(let endpoint):
                return urlCheck(id: "subagent:\(subagent.name)", category: .subagent, severity: .error, url: endpoint.url,
                                field: "\(field).a2a.url", timeout: timeout)
            }
        }
    }

    var systemChecks: [HealthCheck] {
        guard let requires = manifest.spec.requires else { return [] }
        var checks: [HealthCheck] = []
        if let minimum = requires.minimumMemoryMB {
            checks.append(HealthCheck(id: "system:memory", category: .system, severity: .warning, timeout: timeout,
                                      remediation: "run on a machine (or give the container a memory limit) of at least \(minimum) MiB") { _ in
                guard let available = SystemFacts.memoryMB() else {
                    return ProbeOutcome(status: .skip, message: "cannot read this machine's memory")
                }
                return available >= minimum
                    ? ProbeOutcome(status: .pass, message: "\(available) MiB available, \(minimum) MiB required")
                    : ProbeOutcome(status: .fail, message: "\(available) MiB available, \(minimum) MiB required")
            })
        }
        let path = resolver.environment["PATH"]
        for (name, constraint, commands) in [("node", requires.nodeVersion, ["node"]), ("python", requires.pythonVersion, ["python3", "python"])] {
            guard let constraint else { continue }
            checks.append(HealthCheck(id: "system:\(name)", category: .system, severity: .error, timeout: timeout,
                                      remediation: "install \(name) \(constraint)") { deadline in
                guard let requirement = VersionRequirement(constraint) else {
                    return ProbeOutcome(status: .fail, message: "spec.requires.\(name)Version: cannot read \"\(constraint)\"")
                }
                guard let executable = commands.lazy.compactMap({ SystemFacts.executable($0, path: path) }).first else {
                    return ProbeOutcome(status: .fail, message: "\(name) is not installed (\(commands.joined(separator: ", ")) not on PATH)")
                }
                guard let banner = SystemFacts.output(of: executable, ["--version"], deadline: deadline),
                      let version = SystemFacts.version(in: banner) else {
                    return ProbeOutcome(status: .fail, message: "\(executable) --version did not report a version")
                }
                let shown = version.map(String.init).joined(separator: ".")
                return requirement.isSatisfied(by: version)
                    ? ProbeOutcome(status: .pass, message: "\(name) \(shown) satisfies \(constraint)")
                    : ProbeOutcome(status: .fail, message: "\(name) \(shown) does not satisfy \(constraint)")
            })
        }
        return checks
    }
}
