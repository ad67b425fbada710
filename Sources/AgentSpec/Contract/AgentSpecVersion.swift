// AgentSpecVersion: the project's version, spelled once. `agentspec --version`,
// `agentspec sidecar --version`, the control plane's status, the stamp in generated
// files and the default sidecar image tag all read it from here.

/// The release of this agentspec build.
public enum AgentSpecVersion {
    public static let current = "0.1.0"
}
