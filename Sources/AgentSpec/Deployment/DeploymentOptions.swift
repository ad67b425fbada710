// DeploymentOptions: what `agentspec generate --deploy` was asked for, and the
// container image references it writes. Defaults are fixed values (no clock, no host
// facts), so the same manifest and options always give the same files.

/// A deployment target.
public enum DeploymentTarget: String, Sendable, CaseIterable {
    case k8s, helm, compose
}

/// A container image split the way Helm charts conventionally hold it.
public struct ImageReference: Sendable, Equatable {
    /// `ghcr.io/agentspec/sidecar`, or `name@sha256:…` for a digest reference.
    public var repository: String
    /// `0.1.0`; empty for a digest reference.
    public var tag: String

    public init(repository: String, tag: String) {
        self.repository = repository
        self.tag = tag
    }

    /// Reads `repo[:tag]` or `repo@digest`; the tag defaults to `latest`. Nil for text
    /// that cannot be an image reference (empty, blanks, a trailing `:`).
    public init?(parsing text: String) {
        guard !text.isEmpty, !text.contains(where: { $0.isWhitespace || $0.isNewline }),
              !text.hasSuffix(":"), !text.hasPrefix(":"), !text.hasPrefix("/") else { return nil }
        if text.contains("@") {
            self.init(repository: text, tag: "")
            return
        }
        // A colon after the last slash separates the tag (one before it is a registry port).
        let lastSlash = text.lastIndex(of: "/")
        if let colon = text.lastIndex(of: ":"), lastSlash.map({ colon > $0 }) ?? true {
            self.init(repository: String(text[..<colon]), tag: String(text[text.index(after: colon)...]))
        } else {
            self.init(repository: text, tag: "latest")
        }
    }

    /// `repository:tag`, or the repository alone for a digest reference.
    public var reference: String { tag.isEmpty ? repository : repository + ":" + tag }
}

/// The knobs of deployment generation.
public struct DeploymentOptions: Sendable {
    /// The sidecar image of this release of agentspec.
    public static let defaultSidecarImage = ImageReference(repository: "ghcr.io/agentspec/sidecar", tag: AgentSpecVersion.current)
    /// A pinned OPA release (static build, no shell in the image).
    public static let defaultOPAImage = ImageReference(repository: "openpolicyagent/opa", tag: "1.4.2-static")

    /// The agent's image; nil means `<metadata.name>:<metadata.version>`.
    public var agentImage: ImageReference?
    public var sidecarImage: ImageReference = Self.defaultSidecarImage
    /// Decisions by an OPA container beside the sidecar instead of the embedded VM.
    public var usesOPA: Bool = false
    /// The bundle server, decision-log collector and status service the sidecar uses.
    public var fleet: FleetSettings = FleetSettings()

    public init(agentImage: ImageReference? = nil, sidecarImage: ImageReference = Self.defaultSidecarImage, usesOPA: Bool = false,
                fleet: FleetSettings = FleetSettings()) {
        self.agentImage = agentImage
        self.sidecarImage = sidecarImage
        self.usesOPA = usesOPA
        self.fleet = fleet
    }

    /// Refuses options that would generate a sidecar that stops at startup or ignores
    /// what it was given; the error's `path` is the option at fault.
    public func validate() throws(DeploymentError) {
        try fleet.validate()
        // With --opa the OPA container decides from the ConfigMap's policy: a bundle the
        // sidecar compiled into its own VM would never be used, silently.
        if usesOPA, fleet.bundleURL != nil {
            throw DeploymentError(path: FleetService.bundle.flag,
                                  message: "cannot be combined with --opa: the OPA container would decide from the generated policy and the bundle would never be used")
        }
    }
}

/// One file a generator writes, by path relative to the output folder.
public struct GeneratedFile: Sendable, Equatable {
    public var path: String
    public var contents: String

    public init(path: String, contents: String) {
        self.path = path
        self.contents = contents
    }
}
