// BundleMetrics: the bundle poller's Prometheus families, with the names the fleet's
// dashboards use — downloads by result (ok, not_modified, error), activations by result
// (ok, error), and the revision in force as an info gauge. Every result is written even
// at zero, so a rate() over them starts at the first scrape.

enum BundleMetrics {
    /// The families for `tracker`; `escape` escapes a label value.
    static func render(_ tracker: BundleTracker, escape: (String) -> String) -> String {
        let c = tracker.counts
        var out = "# HELP agentspec_bundle_downloads_total Bundle requests to BUNDLE_URL by result.\n"
        out += "# TYPE agentspec_bundle_downloads_total counter\n"
        out += "agentspec_bundle_downloads_total{result=\"ok\"} \(c.downloadsOK)\n"
        out += "agentspec_bundle_downloads_total{result=\"not_modified\"} \(c.downloadsNotModified)\n"
        out += "agentspec_bundle_downloads_total{result=\"error\"} \(c.downloadErrors)\n"
        out += "# HELP agentspec_bundle_activations_total Downloaded bundles compiled and installed, by result.\n"
        out += "# TYPE agentspec_bundle_activations_total counter\n"
        out += "agentspec_bundle_activations_total{result=\"ok\"} \(c.activationsOK)\n"
        out += "agentspec_bundle_activations_total{result=\"error\"} \(c.activationErrors)\n"
        out += "# HELP agentspec_bundle_revision_info The revision of the bundle in force (none before the first activation).\n"
        out += "# TYPE agentspec_bundle_revision_info gauge\n"
        if let revision = tracker.activeRevision { out += "agentspec_bundle_revision_info{revision=\"\(escape(revision))\"} 1\n" }
        return out
    }
}
