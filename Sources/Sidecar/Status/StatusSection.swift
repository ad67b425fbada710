// StatusSection: one part of the status document, owned by the subsystem it describes.
// OPA's status report has a part per plugin (`bundles` for the bundle plugin,
// `decision_logs` for decision logging) and each plugin's state under `plugins`; here
// each part is asked for its fields when a document is built, so a new part (decision
// logs) is one more conforming type handed to the document, and touches no other part.
import PolicyVM

/// A plugin's state under `plugins`, in OPA's words.
enum PluginState: String, Sendable {
    case ok = "OK"
    case notReady = "NOT_READY"
    case error = "ERROR"
    case warn = "WARN"
}

/// A subsystem's part of the status document.
protocol StatusSection: Sendable {
    /// Its name under `plugins` (OPA's: "bundle", "decision_logs", "status").
    var pluginName: String { get }
    /// Its state now.
    func pluginState() -> PluginState
    /// The top-level fields it adds (`bundles`, `decision_logs`, …), in order.
    func statusFields() -> [(key: String, value: Value)]
}
