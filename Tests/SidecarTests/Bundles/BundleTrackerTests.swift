// BundleTracker: the poller's decisions without sockets, on a fake clock — the ETag in
// force is what If-None-Match carries (a failed bundle's is never kept), a 304 keeps the
// policy and clears a standing failure, every failure keeps the bundle in force and
// degrades (never not-ready once a bundle is active), a later good bundle recovers, the
// same bytes served again are not compiled, and the counts the metrics show.
import Testing
@testable import Sidecar

@Suite struct BundleTrackerTests {
    static let refused = BundleFailure(message: "bundle download failed: connection refused")

    /// A tracker with revision r1 (ETag "e1", bytes [1]) in force since t = 10.
    static func active() -> BundleTracker {
        var t = BundleTracker(name: "agents/gymcoach.tar.gz", displayURL: "http://bundles.test/agents/gymcoach.tar.gz")
        t.requestSent(at: 5)
        #expect(t.received(.bundle(archive: [1], etag: "e1"), at: 8, tookNanos: 3) == .activate(archive: [1], etag: "e1"))
        t.activated(revision: "r1", etag: "e1", archive: [1], at: 10, tookNanos: 2)
        return t
    }

    @Test func beforeTheFirstActivationTheSidecarWaits() {
        var t = BundleTracker(name: "b", displayURL: "http://bundles.test/b")
        #expect(t.activeETag == nil)
        guard case .waiting(let why) = t.readiness else { Issue.record("\(t.readiness)"); return }
        #expect(why.contains("first download is in progress"), "\(why)")
        #expect(t.received(.failed(Self.refused), at: 1, tookNanos: 1) == .keep)
        guard case .waiting(let after) = t.readiness else { Issue.record("a failed first download is still not ready"); return }
        #expect(after.contains("connection refused"), "\(after)")
    }

    @Test func activationKeepsTheETagTimesAndRevision() {
        let t = Self.active()
        #expect(t.activeETag == "e1" && t.activeRevision == "r1")
        #expect(t.lastRequest == 5 && t.lastSuccessfulRequest == 8 && t.lastSuccessfulDownload == 8 && t.lastSuccessfulActivation == 10)
        #expect(t.readiness == .ready)
        #expect(t.counts == BundleTracker.Counts(downloadsOK: 1, activationsOK: 1))
    }

    @Test func notModifiedKeepsThePolicyAndCounts() {
        var t = Self.active()
        #expect(t.received(.notModified, at: 20, tookNanos: 1) == .keep)
        #expect(t.lastSuccessfulRequest == 20 && t.lastSuccessfulDownload == 8)
        #expect(t.counts.downloadsNotModified == 1 && t.activeRevision == "r1")
    }

    @Test func aFailureKeepsTheBundleInForceAndDegrades() {
        var t = Self.active()
        #expect(t.received(.failed(Self.refused), at: 20, tookNanos: 1) == .keep)
        #expect(t.activeRevision == "r1" && t.activeETag == "e1")
        guard case .degraded(let why) = t.readiness else { Issue.record("\(t.readiness)"); return }
        #expect(why == "bundle agents/gymcoach.tar.gz revision \"r1\" stays in force: bundle download failed: connection refused")
        #expect(t.lastSuccessfulRequest == 8, "a failed request is not a successful one")
    }

    /// OPA keeps the ETag of the bundle in force: the bad bundle is asked for (and
    /// refused) again at every poll until the server serves a good one.
    @Test func aBundleThatFailedToActivateLeavesTheETagInForce() {
        var t = Self.active()
        #expect(t.received(.bundle(archive: [2], etag: "e2"), at: 20, tookNanos: 1) == .activate(archive: [2], etag: "e2"))
        t.activationFailed(BundleFailure(message: "does not compile"), tookNanos: 4)
        #expect(t.activeETag == "e1" && t.activeRevision == "r1")
        #expect(t.counts.activationErrors == 1)
        #expect(t.received(.bundle(archive: [2], etag: "e2"), at: 30, tookNanos: 1) == .activate(archive: [2], etag: "e2"))
    }

    @Test func aNotModifiedAfterAFailureClearsIt() {
        var t = Self.active()
        _ = t.received(.failed(BundleFailure(message: "bundle server replied with HTTP 503", httpCode: 503)), at: 20, tookNanos: 1)
        #expect(t.failure?.httpCode == 503)
        _ = t.received(.notModified, at: 30, tookNanos: 1)
        #expect(t.failure == nil && t.readiness == .ready)
    }

    @Test func aLaterGoodBundleRecovers() {
        var t = Self.active()
        _ = t.received(.failed(Self.refused), at: 20, tookNanos: 1)
        #expect(t.received(.bundle(archive: [3], etag: "e3"), at: 30, tookNanos: 1) == .activate(archive: [3], etag: "e3"))
        t.activated(revision: "r3", etag: "e3", archive: [3], at: 31, tookNanos: 1)
        #expect(t.readiness == .ready && t.activeRevision == "r3" && t.activeETag == "e3" && t.lastSuccessfulActivation == 31)
    }

    /// A file server without ETags answers every poll with the whole file: the same
    /// bytes are not compiled again.
    @Test func theSameBytesServedAgainAreKept() {
        var t = Self.active()
        #expect(t.received(.bundle(archive: [1], etag: nil), at: 20, tookNanos: 1) == .keep)
        #expect(t.counts.activationsOK == 1 && t.lastSuccessfulDownload == 20)
    }

    @Test func aNotModifiedToAnUnconditionalRequestIsAFailure() {
        var t = BundleTracker(name: "b", displayURL: "http://bundles.test/b")
        #expect(t.received(.notModified, at: 1, tookNanos: 1) == .keep)
        #expect(t.failure?.httpCode == 304 && t.counts.downloadErrors == 1)
    }
}
