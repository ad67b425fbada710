// HealthE2ETests: liveness always answers; readiness is `ready` (200) when the agent
// answers its health probe, `degraded` (200) when a check warns, and `not-ready` (503)
// when the agent cannot be reached or reports a failing error-severity check. (Degraded
// after a failed reload is in HotReloadE2ETests.)
import Foundation
import Testing

@Suite(.enabled(if: E2ETools.areAvailable, E2ETools.reason))
struct HealthE2ETests {
    static func ready(_ sc: SidecarHandle) async throws -> (status: Int, body: [String: Any]) {
        let r = try await Curl.request(sc.control + "/agentspec/health/ready")
        return (r.status, try r.object())
    }

    static func check(_ body: [String: Any], _ id: String) -> [String: Any]? {
        body.objects("checks")?.first { $0.string("id") == id }
    }

    @Test func readyWhenTheAgentAnswersItsHealthProbe() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let up = try await h.upstream()
        let sc = try await h.sidecar(upstream: up.url)
        let live = try await Curl.request(sc.control + "/agentspec/health/live")
        #expect(live.status == 200)
        #expect(NSDictionary(dictionary: try live.object()).isEqual(to: ["status": "live"]))
        let (status, body) = try await Self.ready(sc)
        #expect(status == 200)
        #expect(body.string("status") == "ready")
        #expect(body.string("source") == "agent-sdk")
        #expect(body.string("agentName") == "gymcoach")
        #expect(body.string("timestamp")?.hasSuffix("Z") == true)
        #expect(Self.check(body, "upstream")?.string("status") == "pass")
        #expect(up.process.stdout.contains("received GET /agentspec/health"), "readiness probes the agent")
    }

    @Test func readyFromTheManifestWhenTheAgentHasNoHealthEndpoint() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let up = try await h.upstream(["--no-health"])
        let sc = try await h.sidecar(upstream: up.url)
        let (status, body) = try await Self.ready(sc)
        #expect(status == 200)
        #expect(body.string("status") == "ready")
        #expect(body.string("source") == "manifest-static")
    }

    @Test func degradedWhenTheAgentReportsAWarning() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let checks = #"[{"id":"model","category":"model","status":"warn","severity":"warning","message":"slow"}]"#
        let up = try await h.upstream(["--checks", checks])
        let sc = try await h.sidecar(upstream: up.url)
        let (status, body) = try await Self.ready(sc)
        #expect(status == 200)
        #expect(body.string("status") == "degraded")
        #expect(Self.check(body, "model")?.string("message") == "slow")
    }

    @Test func notReadyWhenTheAgentReportsAFailingErrorCheck() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let checks = #"[{"id":"db","category":"service","status":"fail","severity":"error"}]"#
        let up = try await h.upstream(["--checks", checks])
        let sc = try await h.sidecar(upstream: up.url)
        let (status, body) = try await Self.ready(sc)
        #expect(status == 503)
        #expect(body.string("status") == "not-ready")
    }

    @Test func notReadyWhenTheAgentIsDown() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let closed = try ClosedPort()
        defer { withExtendedLifetime(closed) {} }
        let sc = try await h.sidecar(upstream: closed.url)
        let (status, body) = try await Self.ready(sc)
        #expect(status == 503)
        #expect(body.string("status") == "not-ready")
        let upstream = try #require(Self.check(body, "upstream"))
        #expect(upstream.string("status") == "fail")
        #expect(upstream.string("severity") == "error")
        #expect(upstream.string("message")?.isEmpty == false)
        #expect(try await Curl.request(sc.control + "/agentspec/health/live").status == 200, "liveness does not depend on the agent")
    }
}
