// BundleE2ETests: BUNDLE_URL against a real nginx serving the bundle file (ETags from
// the file, 304 to a matching If-None-Match), with bundles built by `agentspec policy
// build`. A new revision rolls out mid-run and its rule decides at the proxy, with 304s
// between (counted in nginx's log and in the metrics); a corrupt bundle and a bundle
// that does not compile keep the old policy in force and degrade readiness until a good
// one recovers; before the first bundle the sidecar is not ready and decides with the
// manifest's policy alone; status reports reach STATUS_URL on every change, as GET
// /agentspec/status shows them, and no token shows anywhere. With BUNDLE_VERIFICATION_KEY
// only a bundle signed with the key activates: an unsigned one is refused like a corrupt
// one, and the key shows nowhere.
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite(.enabled(if: NginxAvailability.isAvailable, NginxAvailability.reason))
struct BundleE2ETests {
    static let agentPackage = "package agentspec.agent.gymcoach\n\n"
    static let onlyTopicFilter = behaviourHeaders(guardrails: ["topic-filter"])

    /// The bundle server's folder and the bundle file in it.
    struct Served {
        let folder: String
        var file: String { folder + "/gymcoach.tar.gz" }
        let h: E2EHarness
        var built = 0

        init(_ h: E2EHarness) throws {
            self.h = h
            folder = h.path("served")
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }

        /// Builds a bundle at `revision` whose rule reports `violation` (signed with the
        /// HMAC secret `signingKey` when given), and serves it.
        mutating func publish(revision: String, violation: String, signingKey: String? = nil) async throws {
            let source = h.path("src-\(revision)")
            try FileManager.default.createDirectory(atPath: source, withIntermediateDirectories: true)
            try Data((BundleE2ETests.agentPackage + "deny contains \"\(violation)\" if input.agent_name == \"gymcoach\"\n").utf8)
                .write(to: URL(fileURLWithPath: source + "/rules.rego"))
            let out = h.path("built-\(revision).tar.gz")
            let signing = signingKey.map { ["--signing-key", $0, "--signing-alg", "HS256"] } ?? []
            let r = try await offload { try BinaryRunner.run(["policy", "build", "-d", source, "--revision", revision, "-o", out] + signing) }
            guard r.status == 0 else { throw E2EError("policy build failed: \(r.stderr)") }
            try replace(with: Data(contentsOf: URL(fileURLWithPath: out)))
        }

        /// A bundle whose module calls a function that does not exist, built with tar
        /// (`policy build` refuses to write one).
        mutating func publishNotCompiling(revision: String) throws {
            let source = h.path("broken-\(revision)")
            try FileManager.default.createDirectory(atPath: source, withIntermediateDirectories: true)
            try Data("{\"revision\":\"\(revision)\",\"roots\":[\"agentspec/agent/gymcoach\"]}".utf8)
                .write(to: URL(fileURLWithPath: source + "/.manifest"))
            try Data((BundleE2ETests.agentPackage + "deny contains x if x := no_such_function(1)\n").utf8)
                .write(to: URL(fileURLWithPath: source + "/broken.rego"))
            let out = h.path("broken-\(revision).tar.gz")
            let (status, _, err) = try runCapturing("/bin/tar", ["-czf", out, "-C", source, "."])
            guard status == 0 else { throw E2EError("tar failed: \(String(decoding: err, as: UTF8.self))") }
            try replace(with: Data(contentsOf: URL(fileURLWithPath: out)))
        }

        /// Replaces the served file in one rename, dated a minute after the previous one:
        /// nginx's ETag is the file's mtime and size, which must change with the file.
        mutating func replace(with bytes: Data) throws {
            built += 1
            let staging = folder + "/.staging"
            try bytes.write(to: URL(fileURLWithPath: staging))
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_800_000_000 + Double(built) * 60)],
                                                  ofItemAtPath: staging)
            guard rename(staging, file) == 0 else { throw E2EError("rename: errno \(errno)") }
        }
    }

    /// The violations the proxy reports for a request whose agent ran only topic-filter.
    static func violations(_ sc: SidecarHandle) async throws -> [String] {
        let header = try await Curl.request(sc.proxy + "/chat", headers: [onlyTopicFilter]).header("X-AgentSpec-OPA-Violations")
        return header?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } ?? []
    }

    static func status(_ sc: SidecarHandle) async throws -> (text: String, bundle: [String: Any]?) {
        let r = try await Curl.request(sc.control + "/agentspec/status")
        guard r.status == 200 else { throw E2EError("GET /agentspec/status: \(r)") }
        return (r.text, try r.object().object("bundles")?.object("gymcoach.tar.gz"))
    }

    static func sidecar(_ h: E2EHarness, _ nginx: NginxHandle, env: [String: String] = [:]) async throws -> SidecarHandle {
        var variables = ["BUNDLE_URL": nginx.url + "/gymcoach.tar.gz", "BUNDLE_POLL_MIN_S": "1", "BUNDLE_POLL_MAX_S": "1",
                         "BUNDLE_TOKEN": "bundle-token-e2e"]
        for (k, v) in env { variables[k] = v }
        return try await h.sidecar(upstream: try await h.upstream().url, env: variables)
    }

    /// nginx serving revision r1 (its rule reports `from_r1`) and a sidecar polling it every second.
    static func startWithR1(_ h: E2EHarness) async throws -> (served: Served, nginx: NginxHandle, sidecar: SidecarHandle) {
        var served = try Served(h)
        try await served.publish(revision: "r1", violation: "from_r1")
        let nginx = try await h.nginx(root: served.folder)
        return (served, nginx, try await sidecar(h, nginx))
    }

    @Test func aNewRevisionRollsOutWithNotModifiedBetween() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let start = try await Self.startWithR1(h)
        var served = start.served
        let (nginx, sc) = (start.nginx, start.sidecar)
        _ = try await poll("revision r1 to decide", timeout: 20, interval: 0.1) {
            try await Self.violations(sc).contains("from_r1") ? true : nil
        }
        #expect(try await Self.violations(sc).contains("prompt_injection_not_invoked"), "the manifest's rules decide too")
        let first = try #require(nginx.requests().first)
        #expect(first.status == 200 && ["", "-"].contains(first.ifNoneMatch), "the first request is unconditional: \(first)")
        // Polls every second: the server answers 304 to the ETag it gave.
        let notModified = try await poll("two 304s from nginx", timeout: 20, interval: 0.1) { () -> [(status: Int, ifNoneMatch: String)]? in
            let r = nginx.requests().filter { $0.status == 304 }
            return r.count >= 2 ? r : nil
        }
        let etag = try #require(try await Curl.request(nginx.url + "/gymcoach.tar.gz", method: "HEAD").header("ETag"))
        #expect(notModified.allSatisfy { $0.ifNoneMatch == etag }, "each 304 answered the ETag nginx gave (\(etag)): \(notModified)")
        try await served.publish(revision: "r2", violation: "from_r2")
        let after = try await poll("revision r2 to decide", timeout: 20, interval: 0.1) { () -> [String]? in
            let v = try await Self.violations(sc)
            return v.contains("from_r2") ? v : nil
        }
        #expect(!after.contains("from_r1"), "the old revision's rule is gone: \(after)")
        let status = try await Self.status(sc)
        #expect(status.bundle?.string("active_revision") == "r2", "\(status.text)")
        let explored = try await Curl.request(sc.control + "/agentspec/explore").object().object("policy")?.object("bundle")
        #expect(explored?.string("name") == "gymcoach.tar.gz" && explored?.string("revision") == "r2", "explore names the bundle in force")
        let metrics = try await Curl.request(sc.control + "/agentspec/metrics").text
        #expect(metrics.contains("agentspec_bundle_revision_info{revision=\"r2\"} 1\n"), "\(metrics)")
        #expect(metrics.contains("agentspec_bundle_activations_total{result=\"ok\"} 2\n"), "\(metrics)")
        let counted = metrics.split(separator: "\n").first { $0.hasPrefix("agentspec_bundle_downloads_total{result=\"not_modified\"} ") }
        #expect((counted?.split(separator: " ").last.flatMap { Int($0) } ?? 0) >= 2, "\(metrics)")
        #expect(sc.process.stdout.contains("\"msg\":\"bundle activated\",\"bundle\":\"gymcoach.tar.gz\",\"revision\":\"r2\""),
                "\(sc.process.stdout)")
        #expect(!sc.process.stdout.contains("bundle-token-e2e") && !sc.process.stderr.contains("bundle-token-e2e"))
        // A manifest reload compiles the manifest with the bundle in force, not without it.
        sc.process.send(SIGHUP)
        _ = try await poll("the SIGHUP reload", timeout: 10) {
            sc.process.stdout.contains("\"msg\":\"policy reloaded\",\"reason\":\"SIGHUP\"") ? true : nil
        }
        #expect(try await Self.violations(sc).contains("from_r2"), "the bundle survives a manifest reload")
    }

    @Test func brokenBundlesKeepThePolicyAndDegradeUntilAGoodOne() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let start = try await Self.startWithR1(h)
        var served = start.served
        let sc = start.sidecar
        _ = try await poll("readiness ready with r1", timeout: 20, interval: 0.1) {
            try await HealthE2ETests.ready(sc).body.string("status") == "ready" ? true : nil
        }

        try served.replace(with: Data("not a gzip stream".utf8))
        let corrupt = try await poll("readiness degraded by the corrupt bundle", timeout: 20, interval: 0.1) { () -> [String: Any]? in
            let (status, body) = try await HealthE2ETests.ready(sc)
            return status == 200 && body.string("status") == "degraded" ? body : nil
        }
        let check = try #require(HealthE2ETests.check(corrupt, "bundle"))
        #expect(check.string("message")?.contains("revision \"r1\" stays in force") == true, "\(check)")
        #expect(check.string("message")?.contains("gzip") == true, "\(check)")
        #expect(try await Self.violations(sc).contains("from_r1"), "the old policy stays in force")
        #expect(sc.process.stderr.contains("\"msg\":\"bundle activation failed; the policy in force stays\""), "\(sc.process.stderr)")

        try served.publishNotCompiling(revision: "r2")
        let compileError = try await poll("the compile error in the status", timeout: 20, interval: 0.1) { () -> [String: Any]? in
            let bundle = try await Self.status(sc).bundle
            return bundle?.objects("errors") != nil ? bundle : nil
        }
        #expect(compileError.string("code") == "bundle_error")
        #expect(compileError.string("active_revision") == "r1")
        let location = compileError.objects("errors")?.first?.object("location")
        #expect(location?.string("file") == "gymcoach.tar.gz#broken.rego" && location?.int("row") == 3, "\(compileError)")
        #expect(try await HealthE2ETests.ready(sc).body.string("status") == "degraded")
        #expect(try await Self.violations(sc).contains("from_r1"))

        try await served.publish(revision: "r3", violation: "from_r3")
        _ = try await poll("readiness to recover with r3", timeout: 20, interval: 0.1) {
            try await HealthE2ETests.ready(sc).body.string("status") == "ready" ? true : nil
        }
        let now = try await Self.violations(sc)
        #expect(now.contains("from_r3") && !now.contains("from_r1"), "\(now)")
        let metrics = try await Curl.request(sc.control + "/agentspec/metrics").text
        #expect(metrics.contains("agentspec_bundle_activations_total{result=\"error\"} "), "\(metrics)")
        #expect(!metrics.contains("agentspec_bundle_activations_total{result=\"error\"} 0\n"), "\(metrics)")
    }

    @Test func withAVerificationKeyOnlySignedBundlesActivate() async throws {
        let key = "fleet-hmac-key-e2e"
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        var served = try Served(h)
        try await served.publish(revision: "r1", violation: "from_r1", signingKey: key)
        let nginx = try await h.nginx(root: served.folder)
        let sc = try await Self.sidecar(h, nginx, env: ["BUNDLE_VERIFICATION_KEY": key, "BUNDLE_SIGNING_ALG": "HS256"])
        _ = try await poll("the signed revision r1 to decide", timeout: 20, interval: 0.1) {
            try await Self.violations(sc).contains("from_r1") ? true : nil
        }
        // Someone with write access to the store replaces the bundle with an unsigned one.
        try await served.publish(revision: "r2", violation: "from_r2")
        let degraded = try await poll("readiness degraded by the unsigned bundle", timeout: 20, interval: 0.1) { () -> [String: Any]? in
            let (status, body) = try await HealthE2ETests.ready(sc)
            return status == 200 && body.string("status") == "degraded" ? body : nil
        }
        let check = try #require(HealthE2ETests.check(degraded, "bundle"))
        #expect(check.string("message")?.contains("bundle missing .signatures.json file") == true, "\(check)")
        let now = try await Self.violations(sc)
        #expect(now.contains("from_r1") && !now.contains("from_r2"), "the signed policy stays in force: \(now)")
        let status = try await Self.status(sc)
        #expect(status.bundle?.string("active_revision") == "r1" && status.bundle?.string("code") == "bundle_error", "\(status.text)")
        #expect(sc.process.stderr.contains("\"msg\":\"bundle activation failed; the policy in force stays\""), "\(sc.process.stderr)")
        // A signed r3 recovers.
        try await served.publish(revision: "r3", violation: "from_r3", signingKey: key)
        _ = try await poll("the signed revision r3 to decide", timeout: 20, interval: 0.1) {
            try await Self.violations(sc).contains("from_r3") ? true : nil
        }
        let metrics = try await Curl.request(sc.control + "/agentspec/metrics").text
        #expect(!metrics.contains("agentspec_bundle_activations_total{result=\"error\"} 0\n"), "\(metrics)")
        let after = try await Self.status(sc).text
        for text in [after, metrics, sc.process.stdout, sc.process.stderr] { #expect(!text.contains(key)) }
    }

    @Test func notReadyBeforeTheFirstBundleAndStatusReportsEveryChange() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        var served = try Served(h)
        let nginx = try await h.nginx(root: served.folder)
        let collector = try await h.pythonServer("status_service.py", [])
        let sc = try await Self.sidecar(h, nginx, env: ["STATUS_URL": collector.url + "/status", "STATUS_TOKEN": "status-token-e2e",
                                                        "STATUS_INTERVAL_S": "3600"])
        // The file is not there yet: 404, not ready, and the manifest's policy decides alone.
        let waiting = try await poll("the 404 in the status", timeout: 20, interval: 0.1) { () -> [String: Any]? in
            let bundle = try await Self.status(sc).bundle
            return bundle?.int("http_code") == 404 ? bundle : nil
        }
        #expect(waiting.string("active_revision") == nil)
        let (code, body) = try await HealthE2ETests.ready(sc)
        #expect(code == 503 && body.string("status") == "not-ready", "\(body)")
        #expect(HealthE2ETests.check(body, "bundle")?.string("message")?.contains("no bundle activated yet") == true, "\(body)")
        #expect(try await Self.violations(sc) == ["prompt_injection_not_invoked"])

        try await served.publish(revision: "r1", violation: "from_r1")
        let report = try await poll("a status report with r1", timeout: 20, interval: 0.1) { () -> [String: Any]? in
            Self.reports(collector).last { $0.object("body")?.object("bundles")?.object("gymcoach.tar.gz")?.string("active_revision") == "r1" }
        }
        #expect(report.string("path") == "/status")
        #expect(report.string("authorization") == "Bearer status-token-e2e")
        #expect(report.string("content_type") == "application/json")
        let reported = try #require(report.object("body"))
        #expect(reported.object("plugins")?.object("bundle")?.string("state") == "OK", "\(reported)")
        #expect(reported.object("labels")?.string("agent") == "gymcoach")
        #expect(Self.reports(collector).contains { $0.object("body")?.object("bundles")?.object("gymcoach.tar.gz")?.int("http_code") == 404 },
                "the failure was reported too")
        let served1 = try await Self.status(sc)
        let labels = try #require(try JSONSerialization.jsonObject(with: Data(served1.text.utf8)) as? [String: Any])
        #expect(labels.object("labels")?.string("id") == reported.object("labels")?.string("id"), "one document, two ways")
        #expect(try await HealthE2ETests.ready(sc).body.string("status") == "ready")
        for token in ["status-token-e2e", "bundle-token-e2e"] {
            #expect(!served1.text.contains(token) && !sc.process.stdout.contains(token) && !sc.process.stderr.contains(token))
        }
    }

    /// The status service's record: one JSON line per POST.
    static func reports(_ collector: ServerHandle) -> [[String: Any]] {
        collector.process.stdout.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }
}
