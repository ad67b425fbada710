// FleetSettings: where a generated sidecar fetches its OPA bundle, sends its decision
// logs and posts its status reports (`BUNDLE_URL`, `DECISION_LOG_URL`, `STATUS_URL`;
// issue 18), and where the bearer token of each comes from.
// Invariants: a URL written into a deployment is an absolute http(s) URL with a host
// that the sidecar accepts at startup, without credentials, `$` or a fragment (see
// `FleetURL`); a token is never written in clear — Kubernetes reads it from an optional
// key of the fleet Secret (`<name>-fleet`, apart from the agent's Secret so the agent
// never sees it), Compose from the host's environment (`${BUNDLE_TOKEN:-}`).

/// One of the OPA management services a sidecar can talk to.
public enum FleetService: CaseIterable, Sendable {
    case bundle, decisionLog, status

    /// The `agentspec generate` option that sets the URL.
    public var flag: String {
        switch self {
        case .bundle: "--bundle-url"
        case .decisionLog: "--decision-log-url"
        case .status: "--status-url"
        }
    }

    /// The sidecar's variable for the URL.
    public var urlVariable: String {
        switch self {
        case .bundle: "BUNDLE_URL"
        case .decisionLog: "DECISION_LOG_URL"
        case .status: "STATUS_URL"
        }
    }

    /// The sidecar's variable for the optional bearer token (also the fleet Secret's key).
    public var tokenVariable: String {
        switch self {
        case .bundle: "BUNDLE_TOKEN"
        case .decisionLog: "DECISION_LOG_TOKEN"
        case .status: "STATUS_TOKEN"
        }
    }

    /// The key of the chart's `fleet:` values block holding the URL.
    var valuesKey: String {
        switch self {
        case .bundle: "bundleURL"
        case .decisionLog: "decisionLogURL"
        case .status: "statusURL"
        }
    }
}

/// The fleet services a deployment is wired to; a service without a URL is left out.
public struct FleetSettings: Sendable, Equatable {
    public var bundleURL: String?
    public var decisionLogURL: String?
    public var statusURL: String?

    public init(bundleURL: String? = nil, decisionLogURL: String? = nil, statusURL: String? = nil) {
        self.bundleURL = bundleURL
        self.decisionLogURL = decisionLogURL
        self.statusURL = statusURL
    }

    public subscript(service: FleetService) -> String? {
        get {
            switch service {
            case .bundle: bundleURL
            case .decisionLog: decisionLogURL
            case .status: statusURL
            }
        }
        set {
            switch service {
            case .bundle: bundleURL = newValue
            case .decisionLog: decisionLogURL = newValue
            case .status: statusURL = newValue
            }
        }
    }

    /// The services with a URL, in `FleetService` order.
    public var configured: [(service: FleetService, url: String)] {
        FleetService.allCases.compactMap { service in self[service].map { (service: service, url: $0) } }
    }

    /// The first URL the sidecar could not use, as an error naming its option and why.
    func validate() throws(DeploymentError) {
        for (service, url) in configured {
            if let reason = FleetURL.problem(url, tokenVariable: service.tokenVariable) {
                // Shown masked: the command line may be a CI job's, its stderr a log.
                throw DeploymentError(path: service.flag, message: "'\(URLSecrets.masked(url))' \(reason)")
            }
        }
    }
}
