// DeploymentPlan: the facts every deployment target derives from one manifest — object
// names, the agent's port, memory, the environment variables to provide, the sidecar's
// settings (with the fleet services it is wired to) and the policy bundle. Targets only
// lay these out; they decide nothing.
// Invariants: names are valid Kubernetes (DNS-1123) names, or the plan is refused with
// an error naming `metadata.name`; the agent's variables go to the agent alone (the
// sidecar gets its own settings and the control-plane token, nothing of the agent's).

/// A manifest that cannot be deployed as asked.
public struct DeploymentError: Error, Sendable, CustomStringConvertible {
    /// The manifest path at fault, e.g. `metadata.name`, or the option (`--bundle-url`).
    public var path: String
    public var message: String
    public var description: String { "\(path): \(message)" }
}

/// What a deployment of one manifest consists of.
public struct DeploymentPlan: Sendable {
    /// The agent's port when `spec.api.port` is not set.
    public static let defaultAgentPort = 8000
    /// Memory for the agent when `spec.requires.minimumMemoryMB` is not set.
    public static let defaultAgentMemoryMB = 256
    public static let proxyPort = 4000
    public static let controlPlanePort = 4001
    public static let opaPort = 8181
    /// The sidecar's default audit ring (the contract's default).
    public static let auditRingSize = 1000
    /// The uid/gid the sidecar runs as (the conventional "nonroot" id of distroless images).
    public static let sidecarUserID = 65532
    /// Where the ConfigMap (or the compose file's bind mount) puts the manifest.
    public static let manifestDirectory = "/manifest"
    /// The control plane's bearer token: a key of the Secret (k8s), a variable (compose).
    public static let controlPlaneTokenKey = "CONTROL_PLANE_TOKEN"
    /// The variable an agent commonly reads its listening address from, and the address
    /// that keeps it inside its pod (where only the sidecar beside it connects).
    public static let agentHostVariable = "HOST"
    public static let loopbackHost = "127.0.0.1"
    /// Kubernetes names are DNS-1123 labels of at most 63 characters; the longest
    /// suffix added here is `-agentspec`.
    static let maxNameLength = 63 - "-agentspec".count

    public var name: String
    public var version: String
    public var description: String
    public var agentImage: ImageReference
    public var sidecarImage: ImageReference
    public var opaImage: ImageReference
    public var usesOPA: Bool
    public var fleet: FleetSettings
    public var agentPort: Int
    public var agentMemoryMB: Int
    /// Environment variables the agent and sidecar need (references and `requires.envVars`).
    public var environmentVariables: [String]
    public var logLevel: String
    /// The manifest exactly as written.
    public var manifestText: String
    public var policy: GeneratedPolicy
    /// The generated OPA's API authorization (`OPAAuthorization`), used with `--opa`.
    public var opaAuthorizationRego: String { OPAAuthorization.rego(packageName: policy.packageName) }

    /// The Secret's keys: the agent's variables, then the control plane's token (which
    /// the agent needs too, to push events).
    public var secretKeys: [String] {
        environmentVariables.contains(Self.controlPlaneTokenKey) ? environmentVariables
            : environmentVariables + [Self.controlPlaneTokenKey]
    }
    /// `HOST=127.0.0.1` for the agent in a pod, unless the manifest claims `HOST` for
    /// itself (a reference or `requires.envVars`): then the manifest's value stands.
    public var agentHost: String? {
        environmentVariables.contains(Self.agentHostVariable) ? nil : Self.loopbackHost
    }

    public var configMapName: String { name + "-agentspec" }
    public var secretName: String { name + "-secrets" }
    /// The Secret holding the fleet services' tokens (`BUNDLE_TOKEN`, …): the sidecar's
    /// alone, apart from the agent's Secret, which the agent reads whole.
    public var fleetSecretName: String { name + "-fleet" }
    public var manifestPath: String { Self.manifestDirectory + "/agent.yaml" }
    public var upstreamURL: String { "http://localhost:\(agentPort)" }
    public var opaURL: String { "http://localhost:\(Self.opaPort)" }

    public init(manifest: Manifest, root: YAMLNode, manifestText: String, options: DeploymentOptions) throws(DeploymentError) {
        try options.validate()
        let name = manifest.metadata.name
        guard Self.isDNSLabel(name), name.count <= Self.maxNameLength else {
            throw DeploymentError(path: "metadata.name",
                                  message: "\"\(name)\" cannot name Kubernetes objects: it must start and end with a letter or digit and be at most \(Self.maxNameLength) characters")
        }
        self.name = name
        version = manifest.metadata.version
        description = manifest.metadata.description
        agentImage = options.agentImage ?? ImageReference(repository: name, tag: manifest.metadata.version)
        sidecarImage = options.sidecarImage
        opaImage = DeploymentOptions.defaultOPAImage
        usesOPA = options.usesOPA
        fleet = options.fleet
        agentPort = manifest.spec.api?.port ?? Self.defaultAgentPort
        agentMemoryMB = manifest.spec.requires?.minimumMemoryMB ?? Self.defaultAgentMemoryMB
        environmentVariables = ReferenceCollector.environmentVariables(root, manifest: manifest)
        logLevel = manifest.spec.observability?.logging?.level.rawValue ?? "info"
        self.manifestText = manifestText
        policy = PolicyGenerator.generate(manifest)
    }

    /// `^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`
    static func isDNSLabel(_ s: String) -> Bool {
        let ok = s.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }
        return ok && !s.isEmpty && s.first != "-" && s.last != "-"
    }
}
