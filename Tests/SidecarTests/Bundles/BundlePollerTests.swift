// BundlePoller over a scripted bundle server (a transport function, no sockets) and
// GymCoach's real manifest: a first bundle compiles with the manifest's policy and its
// rule decides; the ETag in force goes back as If-None-Match and a 304 keeps the very
// same policy; a corrupt bundle, a bundle that does not compile and a refused download
// keep the policy in force, degrade readiness and stand in the status document with
// OPA's fields; a later good bundle recovers; the token is sent and shown nowhere.
import AgentSpec
import Dispatch
import Foundation
import PolicyVM
import Synchronization
import Testing
@testable import Sidecar

/// Answers each request with the next scripted result and records the requests.
final class ScriptedBundleServer: Sendable {
    private let state = Mutex<(answers: [Result<HTTPClientResponse, HTTPClientError>], requests: [HTTPClientRequest])>(([], []))

    func next(_ answer: Result<HTTPClientResponse, HTTPClientError>) { state.withLock { $0.answers.append(answer) } }

    func serve(_ archive: [UInt8], etag: String?) {
        var headers: HTTPHeaders = ["Content-Type": "application/gzip"]
        if let etag { headers.add(name: "ETag", value: etag) }
        next(.success(HTTPClientResponse(head: HTTPResponseHead(status: 200, headers: headers), body: archive)))
    }

    func status(_ code: Int) { next(.success(HTTPClientResponse(head: HTTPResponseHead(status: code), body: []))) }

    var requests: [HTTPClientRequest] { state.withLock { $0.requests } }

    func answer(_ request: HTTPClientRequest) throws(HTTPClientError) -> HTTPClientResponse {
        let answer = state.withLock { s -> Result<HTTPClientResponse, HTTPClientError> in
            s.requests.append(request)
            return s.answers.isEmpty ? .failure(.connectionRefused) : s.answers.removeFirst()
        }
        return try answer.get()
    }
}

struct PollerWorld {
    static let token = "s3cr3t-bundle-token"
    let server = ScriptedBundleServer()
    let state: SidecarState
    let poller: BundlePoller

    /// `environment` adds to (or replaces) the world's variables.
    init(environment: [String: String] = [:]) throws {
        let configuration = try SidecarConfiguration.load(environment: [
            "MANIFEST_PATH": TestBundles.manifest, "BUNDLE_URL": "http://bundles.test/agents/gymcoach.tar.gz?sig=abc",
            "BUNDLE_TOKEN": Self.token, "BUNDLE_POLL_MIN_S": "1", "BUNDLE_POLL_MAX_S": "1",
        ].merging(environment) { $1 })
        state = SidecarState(configuration: configuration, policies: PolicyHolder(DecisionHarness.policy), logger: Logger(level: .error),
                             client: DecisionHarness.client, environment: [:])
        let server = self.server
        poller = BundlePoller(settings: try #require(configuration.bundle), activity: try #require(state.bundles),
                              policies: state.policies, logger: state.logger,
                              activationQueue: DispatchQueue(label: "test.activation"),
                              transport: { request throws(HTTPClientError) in try server.answer(request) })
    }

    var policy: AgentPolicy { state.policies.current }
    var tracker: BundleTracker { state.bundles!.snapshot }

    func violations() throws -> [String] {
        let p = policy
        return try p.embedded.violations(p.profile, BehaviourReport(), usage: DailyUsage())
    }

    /// `bundles[name]` of the status document, as JSON text and as an object.
    func bundleStatus() throws -> (text: String, fields: [String: Any]) {
        let text = JSONWriter.write(state.statusDocument())
        let document = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let bundles = try #require(document["bundles"] as? [String: Any])
        return (text, try #require(bundles["agents/gymcoach.tar.gz"] as? [String: Any]))
    }

    /// Activates revision r1 (ETag "e1") whose rule reports `from_r1`.
    func activateR1() async throws {
        server.serve(TestBundles.archive(revision: "r1", violation: "from_r1"), etag: "\"e1\"")
        await poller.poll()
        #expect(policy.bundle?.revision == "r1")
    }

    /// A world with r1 in force.
    static func withR1() async throws -> PollerWorld {
        let world = try PollerWorld()
        try await world.activateR1()
        return world
    }

    /// One poll the server answers with `status` and no body.
    func poll(answering status: Int) async {
        server.status(status)
        await poller.poll()
    }
}

@Suite struct BundlePollerTests {
    @Test func theFirstBundleCompilesWithTheManifestAndDecides() async throws {
        let w = try PollerWorld()
        #expect(!(try w.violations().contains("from_r1")))
        #expect(w.tracker.readiness != .ready, "not ready before the first bundle")
        try await w.activateR1()
        #expect(try w.violations().contains("from_r1"))
        #expect(try w.violations().contains("prompt_injection_not_invoked"), "the manifest's own rules still decide")
        #expect(w.tracker.readiness == .ready)
        let request = try #require(w.server.requests.first)
        #expect(request.url == "http://bundles.test/agents/gymcoach.tar.gz?sig=abc", "the query of a signed URL is sent")
        #expect(request.headers[first: "If-None-Match"] == nil)
        #expect(request.headers[first: "Authorization"] == "Bearer \(PollerWorld.token)")
        #expect(request.maxResponseBodyBytes == BundleLimits.standard.maxCompressedBytes)
    }

    @Test func theETagInForceIsSentAndNotModifiedKeepsTheSamePolicy() async throws {
        let w = try await PollerWorld.withR1()
        let before = w.policy
        await w.poll(answering: 304)
        #expect(w.server.requests.last?.headers[first: "If-None-Match"] == "\"e1\"")
        #expect(w.policy === before)
        #expect(w.tracker.counts == BundleTracker.Counts(downloadsOK: 1, downloadsNotModified: 1, activationsOK: 1))
    }

    @Test func aCorruptBundleKeepsThePolicyAndDegrades() async throws {
        let w = try await PollerWorld.withR1()
        let before = w.policy
        w.server.serve(TestBundles.corrupt, etag: "\"bad\"")
        await w.poller.poll()
        #expect(w.policy === before)
        guard case .degraded(let why) = w.tracker.readiness else { Issue.record("\(w.tracker.readiness)"); return }
        #expect(why.contains("revision \"r1\" stays in force") && why.contains("gzip"), "\(why)")
        let status = try w.bundleStatus().fields
        #expect(status["code"] as? String == "bundle_error")
        #expect(status["active_revision"] as? String == "r1")
        // The next poll asks with the ETag of the bundle in force, as OPA does.
        await w.poll(answering: 304)
        #expect(w.server.requests.last?.headers[first: "If-None-Match"] == "\"e1\"")
    }

    @Test func aBundleThatDoesNotCompileKeepsThePolicyAndListsTheErrors() async throws {
        let w = try await PollerWorld.withR1()
        w.server.serve(TestBundles.notCompiling(revision: "r2"), etag: "\"e2\"")
        await w.poller.poll()
        #expect(w.policy.bundle?.revision == "r1")
        #expect(try w.violations().contains("from_r1"))
        let status = try w.bundleStatus().fields
        #expect(status["code"] as? String == "bundle_error")
        let errors = try #require(status["errors"] as? [[String: Any]])
        let location = try #require(errors.first?["location"] as? [String: Any])
        #expect(location["file"] as? String == "agents/gymcoach.tar.gz#extra/rules.rego", "\(errors)")
        #expect(location["row"] as? Int == 3)
        #expect(w.tracker.counts.activationErrors == 1)
    }

    @Test func aRefusedDownloadIsAFailureWithItsStatusCode() async throws {
        let w = try await PollerWorld.withR1()
        await w.poll(answering: 404)
        let status = try w.bundleStatus().fields
        #expect(status["http_code"] as? Int == 404)
        #expect(status["message"] as? String == "bundle server replied with HTTP 404")
        w.server.next(.failure(.connectionRefused))
        await w.poller.poll()
        #expect(try w.bundleStatus().fields["message"] as? String == "bundle download failed: connection refused")
        #expect(w.policy.bundle?.revision == "r1")
    }

    @Test func aLaterGoodBundleRecovers() async throws {
        let w = try await PollerWorld.withR1()
        w.server.serve(TestBundles.notCompiling(revision: "r2"), etag: "\"e2\"")
        await w.poller.poll()
        w.server.serve(TestBundles.archive(revision: "r3", violation: "from_r3"), etag: "\"e3\"")
        await w.poller.poll()
        #expect(w.tracker.readiness == .ready)
        let violations = try w.violations()
        #expect(violations.contains("from_r3") && !violations.contains("from_r1"))
        let status = try w.bundleStatus().fields
        #expect(status["active_revision"] as? String == "r3" && status["code"] == nil)
    }

    /// A manifest reload compiles the new manifest with the bundle in force.
    @Test func aManifestReloadKeepsTheBundle() async throws {
        let w = try await PollerWorld.withR1()
        let reloaded = try AgentPolicy.load(manifestPath: TestBundles.manifest, policyDir: nil, bundle: w.policy.bundle)
        #expect(try reloaded.embedded.violations(reloaded.profile, BehaviourReport(), usage: DailyUsage()).contains("from_r1"))
    }

    @Test func theTokenIsNeverShown() async throws {
        let w = try await PollerWorld.withR1()
        await w.poll(answering: 401)
        let text = try w.bundleStatus().text
        #expect(!text.contains(PollerWorld.token) && !text.contains("sig=abc"))
        #expect(text.contains("\"http_code\":401"))
    }
}
