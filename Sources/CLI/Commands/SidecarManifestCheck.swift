// SidecarManifestCheck: before the sidecar starts, a manifest that cannot be read is a
// configuration error naming the setting that chose its path (`--manifest`,
// MANIFEST_PATH, AGENTSPEC_MANIFEST_PATH, or the default) and the system's reason, so
// the user knows what to change — not a bare "cannot read the file".
import AgentSpec
import Sidecar

enum SidecarManifestCheck {
    /// One line for stderr when the configured manifest cannot be read; nil when it can.
    static func problem(_ configuration: SidecarConfiguration) -> String? {
        guard case .failure(let problem) = ManifestFile.read(configuration.manifestPath) else { return nil }
        let name = configuration.manifestSource ?? "MANIFEST_PATH"
        let unset = configuration.manifestSource == nil ? " (the default: MANIFEST_PATH is not set)" : ""
        return "Invalid \(name): \"\(configuration.manifestPath)\"\(unset) — \(problem)"
    }
}
