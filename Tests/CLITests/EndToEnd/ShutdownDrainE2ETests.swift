// ShutdownDrainE2ETests: SIGTERM (or SIGINT) stops the sidecar gracefully — it stops
// accepting, lets a request already in flight finish with the agent's full answer, and
// exits 0; with nothing in flight it exits promptly. The start and stop are logged as
// JSON lines.
import Foundation
import Testing

@Suite(.enabled(if: E2ETools.areAvailable, E2ETools.reason))
struct ShutdownDrainE2ETests {
    @Test func sigtermDrainsASlowRequestThenExitsZero() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let up = try await h.upstream()
        let sc = try await h.sidecar(upstream: up.url)
        async let slow = Curl.request(sc.proxy + "/slow", method: "POST", headers: ["X-Test-Delay-Ms: 2500", "X-Request-Id: drain-1"],
                                      body: Data("in flight".utf8))
        _ = try await poll("the slow request to reach the agent") { up.process.stdout.contains("received POST /slow") ? true : nil }
        let signalled = Date()
        sc.process.send(SIGTERM)
        _ = try await poll("the proxy to stop accepting", timeout: 2) { acceptsConnections(sc.proxyPort) ? nil : true }
        #expect(Date().timeIntervalSince(signalled) < 2.0, "new connections are refused while the slow request is still running")
        let reply = try await slow
        #expect(reply.status == 200, "the request in flight must complete: \(reply)")
        #expect(try reply.object().string("body") == "in flight")
        #expect(reply.header("X-Request-Id") == "drain-1")
        let status = await sc.process.exitStatus(within: 15)
        #expect(status == 0, "\(sc.process.output)")
        #expect(sc.process.stdout.contains("\"msg\":\"sidecar stopped\""))
    }

    @Test(arguments: [SIGTERM, SIGINT])
    func anIdleSidecarExitsZeroPromptly(_ signal: Int32) async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let up = try await h.upstream()
        let sc = try await h.sidecar(upstream: up.url)
        let first = try #require(sc.process.stdout.split(separator: "\n").first, "no start line: \(sc.process.output)")
        let started = try #require(try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any])
        #expect(started.string("msg") == "sidecar started")
        #expect(started.string("level") == "info")
        #expect(started.string("ts")?.hasSuffix("Z") == true)
        #expect(started.int("proxy") == sc.proxyPort && started.int("controlPlane") == sc.controlPort)
        #expect(started.string("agent") == "gymcoach" && started.string("policy") == "embedded")
        let signalled = Date()
        sc.process.send(signal)
        #expect(await sc.process.exitStatus(within: 10) == 0)
        #expect(Date().timeIntervalSince(signalled) < 5, "an idle sidecar has nothing to drain")
    }

    /// An audit-stream subscription never ends by itself, so waiting for it is no drain:
    /// the sidecar should end such streams at shutdown instead of sitting out the bound.
    @Test func anOpenAuditStreamDoesNotHoldShutdown() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let sc = try await h.sidecar(upstream: try await h.upstream().url)
        let watcher = try h.streamClient(["sse", sc.control + "/agentspec/audit/stream", "1", "30"])
        _ = try await poll("the SSE client to connect") { () -> Bool? in
            if !watcher.isRunning { throw E2EError("SSE client ended: \(watcher.output)") }
            return watcher.stdout.contains("connected") ? true : nil
        }
        let signalled = Date()
        sc.process.send(SIGTERM)
        let status = await sc.process.exitStatus(within: 15)
        let took = Date().timeIntervalSince(signalled)
        #expect(status == 0)
        #expect(took < 3, "SIGTERM with only a dashboard's /agentspec/audit/stream open took \(took) s (the whole drain bound)")
    }
}
