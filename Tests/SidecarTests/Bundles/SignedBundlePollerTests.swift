// BundlePoller with BUNDLE_VERIFICATION_KEY: a bundle signed with the key activates; a
// tampered one, an unsigned one, or one signed with another key is refused exactly as a
// corrupt bundle is — the policy in force stays, readiness degrades, the failure is
// counted and stands in the status document with its reason — and the key appears in
// no status, no readiness reason. Without a key, a signed bundle is refused (OPA's rule).
import AgentSpec
import Foundation
import PolicyVM
import Testing
@testable import Sidecar

@Suite struct SignedBundlePollerTests {
    static let secret = "fleet-signing-s3cret"

    static func world() async throws -> PollerWorld {
        let w = try PollerWorld(environment: ["BUNDLE_VERIFICATION_KEY": secret, "BUNDLE_SIGNING_ALG": "HS256"])
        w.server.serve(try TestBundles.signed(revision: "r1", violation: "from_r1", secret: secret), etag: "\"e1\"")
        await w.poller.poll()
        #expect(w.policy.bundle?.revision == "r1")
        #expect(w.tracker.readiness == .ready)
        return w
    }

    /// Serves `archive` and checks it is refused like a corrupt bundle, for `reason`.
    static func expectRefused(_ w: PollerWorld, _ archive: [UInt8], reason: String) async throws {
        let before = w.policy
        let errorsBefore = w.tracker.counts.activationErrors
        w.server.serve(archive, etag: "\"bad\"")
        await w.poller.poll()
        #expect(w.policy === before, "the policy in force stays")
        #expect(try w.violations().contains("from_r1") && !(try w.violations().contains("tampered")))
        guard case .degraded(let why) = w.tracker.readiness else { Issue.record("\(w.tracker.readiness)"); return }
        #expect(why.contains(reason), "\(why)")
        #expect(w.tracker.counts.activationErrors == errorsBefore + 1)
        let status = try w.bundleStatus()
        #expect(status.fields["code"] as? String == "bundle_error")
        #expect((status.fields["message"] as? String)?.contains(reason) == true, "\(status.text)")
        #expect(!status.text.contains(secret) && !why.contains(secret))
    }

    @Test func aSignedBundleActivatesAndEveryBadOneIsRefused() async throws {
        let w = try await Self.world()
        #expect(try w.violations().contains("from_r1"))
        try await Self.expectRefused(w, try TestBundles.signed(revision: "r2", violation: "from_r2", secret: Self.secret, tamper: true),
                                     reason: "digest mismatch")
        try await Self.expectRefused(w, TestBundles.archive(revision: "r2", violation: "tampered"),
                                     reason: "bundle missing .signatures.json file")
        try await Self.expectRefused(w, try TestBundles.signed(revision: "r2", violation: "tampered", secret: "someone-else"),
                                     reason: "bundle signature verification failed")
        // A later good bundle recovers.
        w.server.serve(try TestBundles.signed(revision: "r3", violation: "from_r3", secret: Self.secret), etag: "\"e3\"")
        await w.poller.poll()
        #expect(w.policy.bundle?.revision == "r3" && w.tracker.readiness == .ready)
    }

    @Test func withoutAKeyASignedBundleIsRefused() async throws {
        let w = try await PollerWorld.withR1()
        let before = w.policy
        w.server.serve(try TestBundles.signed(revision: "r2", violation: "from_r2", secret: Self.secret), etag: "\"e2\"")
        await w.poller.poll()
        #expect(w.policy === before)
        #expect(try w.bundleStatus().fields["message"] as? String
                == "agents/gymcoach.tar.gz: the bundle is signed but no verification key is configured (verification key not provided)")
    }
}
