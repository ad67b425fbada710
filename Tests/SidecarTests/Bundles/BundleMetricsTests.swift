// The bundle metrics under the fleet's names: every result at zero before anything
// happened, counts as the tracker counts them, and the revision in force as an info
// gauge (escaped as a label value), absent before the first activation.
import Testing
@testable import Sidecar

@Suite struct BundleMetricsTests {
    @Test func countsAndTheRevisionInForce() {
        var t = BundleTracker(name: "b", displayURL: "http://b.test/b")
        let escape = Metrics().escape
        let empty = BundleMetrics.render(t, escape: escape)
        for result in ["ok", "not_modified", "error"] { #expect(empty.contains("agentspec_bundle_downloads_total{result=\"\(result)\"} 0\n")) }
        #expect(empty.contains("agentspec_bundle_activations_total{result=\"error\"} 0\n"))
        #expect(!empty.contains("agentspec_bundle_revision_info{"))
        _ = t.received(.bundle(archive: [1], etag: "e"), at: 1, tookNanos: 1)
        t.activated(revision: "2026-12-07 \"blue\"", etag: "e", archive: [1], at: 2, tookNanos: 1)
        _ = t.received(.notModified, at: 3, tookNanos: 1)
        _ = t.received(.notModified, at: 4, tookNanos: 1)
        _ = t.received(.failed(BundleFailure(message: "x")), at: 5, tookNanos: 1)
        let text = BundleMetrics.render(t, escape: escape)
        #expect(text.contains("agentspec_bundle_downloads_total{result=\"ok\"} 1\n"))
        #expect(text.contains("agentspec_bundle_downloads_total{result=\"not_modified\"} 2\n"))
        #expect(text.contains("agentspec_bundle_downloads_total{result=\"error\"} 1\n"))
        #expect(text.contains("agentspec_bundle_activations_total{result=\"ok\"} 1\n"))
        #expect(text.contains("agentspec_bundle_revision_info{revision=\"2026-12-07 \\\"blue\\\"\"} 1\n"))
    }
}
