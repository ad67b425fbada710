// HealthPlan: manifest -> the list of checks `agentspec health` runs, in report order:
// environment variables, secrets, files, required services, memory backends, MCP
// servers, subagents, then the machine (memory, node, python). Building the list does
// no I/O; each check does its own when run. Checks whose input depends on an
// unresolved reference are skipped (the reference's own check fails instead).
import Foundation

/// The checks for one manifest.
public struct HealthPlan: Sendable {
    public var manifest: Manifest
    public var root: YAMLNode
    public var resolver: ReferenceResolver
    /// The time budget of each check.
    public var timeout: Duration

    public init(manifest: Manifest, root: YAMLNode, resolver: ReferenceResolver, timeout: Duration) {
        self.manifest = manifest
        self.root = root
        self.resolver = resolver
        self.timeout = timeout
    }

    public var checks: [HealthCheck] {
        referenceChecks + serviceChecks + memoryChecks + mcpChecks + subagentChecks + systemChecks
    }

    /// Positions of references, e.g. `spec.model.apiKey (17:13)`, for messages.
    private func places(_ uses: [ReferenceUse]) -> String {
        uses.map { "\($0.path) (\($0.position))" }.joined(separator: ", ")
    }

    var referenceChecks: [HealthCheck] {
        let uses = ReferenceCollector.collect(root)
        var checks: [HealthCheck] = []
        let resolver = self.resolver
        // $env: references and requires.envVars: one check per variable.
        var envOrder: [String] = []
        var envUses: [String: [ReferenceUse]] = [:]
        for use in uses { if case .env(let name) = use.reference { if envUses[name] == nil { envOrder.append(name) }; envUses[name, default: []].append(use) } }
        for name in manifest.spec.requires?.envVars ?? [] where envUses[name] == nil {
            envOrder.append(name)
            envUses[name] = []
        }
        for name in envOrder {
            let listed = manifest.spec.requires?.envVars.contains(name) ?? false
            let fromReferences = places(envUses[name] ?? [])
            let whereUsed = !listed ? fromReferences
                : fromReferences.isEmpty ? "spec.requires.envVars" : fromReferences + ", spec.requires.envVars"
            checks.append(HealthCheck(id: "env:\(name)", category: .env, severity: .error, timeout: timeout,
                                      remediation: "export \(name)=… (or set it in the Secret the deployment mounts)") { _ in
                guard let value = resolver.environment[name] else {
                    return ProbeOutcome(status: .fail, message: "\(name) is not set (used by \(whereUsed))")
                }
                return value.isEmpty ? ProbeOutcome(status: .warn, message: "\(name) is set but empty (used by \(whereUsed))")
                                     : ProbeOutcome(status: .pass, message: "\(name) is set")
            })
        }
        // $secret: and $file: references: resolvable, one check per distinct reference.
        var seen = Set<String>()
        for use in uses where seen.insert(use.reference.description).inserted {
            let sameUses = uses.filter { $0.reference == use.reference }
            switch use.reference {
            case .secret(let name):
                let variable = ReferenceResolver.secretVariable(name)
                checks.append(HealthCheck(id: "secret:\(name)", category: .secret, severity: .error, timeout: timeout,
                                          remediation: "provide the secret: export \(variable)=… (env backend) or a file \(name) in AGENTSPEC_SECRETS_DIR (AGENTSPEC_SECRET_BACKEND=file)") { _ in
                    switch resolver.attempt(.reference(use.reference), field: use.path) {
                    case .success: return ProbeOutcome(status: .pass, message: "secret \(name) resolves")
                    case .failure(let error): return ProbeOutcome(status: .fail, message: "\(error.reason) (used by \(places(sameUses)))")
                    }
                })
            case .file(let path):
                checks.append(HealthCheck(id: "file:\(path)", category: .file, severity: .error, timeout: timeout,
                                          remediation: "create \(path) next to the manifest, or fix the reference") { _ in
                    switch resolver.attempt(.reference(use.reference), field: use.path) {
                    case .success: return ProbeOutcome(status: .pass, message: "\(path) is readable")
                    case .failure(let error): return ProbeOutcome(status: .fail, message: "\(error.reason) (used by \(places(sameUses)))")
                    }
                })
            case .env, .function:
                continue
            }
        }
        return checks
    }

    /// A check that resolves `connection`, parses it and probes it as `kind`.
    func connectionCheck(id: String, category: HealthCategory, kind: RequiredService.Kind, connection: RefOrLiteral, field: String) -> HealthCheck {
        let resolver = self.resolver
        let what = kind.rawValue
        return HealthCheck(id: id, category: category, severity: .error, timeout: timeout,
                           remediation: "start \(what), or fix \(field)" + (connection.reference.map { " (\($0))" } ?? "")) { deadline in
            let text: String
            switch resolver.attempt(connection, field: field) {
            case .success(let value): text = value
            case .failure(let error): return ProbeOutcome(status: .skip, message: "\(field): \(error.reason)")
            }
            guard let target = ConnectionTarget(parsing: text, defaultPort: ConnectionTarget.defaultPort(for: kind)) else {
                return ProbeOutcome(status: .fail, message: "\(field): cannot find a host and port in the connection string")
            }
            if target.scheme?.hasSuffix("+srv") == true {
                return ProbeOutcome(status: .skip, message: "\(field): DNS SRV connection strings are not probed")
            }
            return ServiceProbe.probe(kind, target, deadline: deadline)
        }
    }

    var serviceChecks: [HealthCheck] {
        (manifest.spec.requires?.services ?? []).enumerated().map { i, service in
            connectionCheck(id: "service:\(service.type.rawValue)[\(i)]", category: .service, kind: service.type,
                            connection: service.connection, field: "spec.requires.services[\(i)].connection")
        }
    }

    var memoryChecks: [HealthCheck] {
        guard let memory = manifest.spec.memory else { return [] }
        var checks: [HealthCheck] = []
        if let short = memory.shortTerm, short.backend == .redis, let connection = short.connection {
            checks.append(connectionCheck(id: "memory:shortTerm", category: .memory, kind: .redis, connection: connection,
                                          field: "spec.memory.shortTerm.connection"))
        }
        if let long = memory.longTerm {
            switch long.backend {
            case .postgres, .mongodb:
                checks.append(connectionCheck(id: "memory:longTerm", category: .memory, kind: long.backend == .postgres ? .postgres : .mongodb,
                                              connection: long.connectionString, field: "spec.memory.longTerm.connectionString"))
            case .sqlite:
                break
            }
        }
        if let vector = memory.vector, let connection = vector.connectionString {
            if vector.backend == .pgvector {
                checks.append(connectionCheck(id: "memory:vector", category: .memory, kind: .postgres, connection: connection,
                                              field: "spec.memory.vector.connectionString"))
            } else if vector.backend != .pinecone {
                checks.append(urlCheck(id: "memory:vector", category: .memory, severity: .error, url: connection,
                                       field: "spec.memory.vector.connectionString", timeout: timeout))
            }
        }
        return checks
    }
}

extension ReferenceResolver {
    /// `resolve` as a value, for closures that report rather than throw.
    func attempt(_ value: RefOrLiteral, field: String) -> Result<String, ReferenceError> {
        do throws(ReferenceError) {
            return .success(try resolve(value, field: field))
        } catch {
            return .failure(error)
        }
    }
}
