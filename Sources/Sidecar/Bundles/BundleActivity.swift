// BundleActivity: the bundle tracker shared between the poller that drives it and the
// readers — readiness, the status document, the metrics. Thread-safe: every change and
// every read is one short critical section (no I/O and no compiling under the lock).
import PolicyVM
import Synchronization

/// The BundleTracker behind a lock, and the bundle's part of the status document.
final class BundleActivity: StatusSection {
    private let tracker: Mutex<BundleTracker>

    init(_ settings: BundleSettings) {
        tracker = Mutex(BundleTracker(name: settings.name, displayURL: settings.displayURL))
    }

    /// A copy of the tracker now.
    var snapshot: BundleTracker { tracker.withLock { $0 } }

    /// Applies `change` to the tracker; returns what it returns.
    func update<T: Sendable>(_ change: (inout BundleTracker) -> T) -> T { tracker.withLock { change(&$0) } }

    // MARK: StatusSection

    var pluginName: String { "bundle" }

    /// OPA's bundle plugin: NOT_READY until its first activation, OK from then on (a later
    /// failure shows in the bundle's `code` and `message`).
    func pluginState() -> PluginState { snapshot.isActive ? .ok : .notReady }

    func statusFields() -> [(key: String, value: Value)] {
        let t = snapshot
        return [("bundles", .object([.string(t.name): t.statusValue]))]
    }
}
