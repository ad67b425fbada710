// ExclusivePortsE2ETests: a port the sidecar needs is its own. A second sidecar on either
// port of a running one (or any process holding it) stops at startup with the
// contract's line and exit 1, and the first keeps every request: nothing is shared.
import Foundation
import Testing

@Suite(.enabled(if: E2ETools.areAvailable, E2ETools.reason))
struct ExclusivePortsE2ETests {
    /// Starts a second sidecar on `proxyPort`/`controlPort`; it must exit within 10 s.
    static func second(_ h: E2EHarness, upstream: String, proxyPort: Int, controlPort: Int) async throws -> (Int32?, String) {
        let p = try h.spawn("second-sidecar", BinaryRunner.binaryURL.path, ["sidecar"], environment: [
            "UPSTREAM_URL": upstream, "MANIFEST_PATH": E2EPaths.gymcoach, "BIND_ADDRESS": "127.0.0.1",
            "PROXY_PORT": String(proxyPort), "CONTROL_PLANE_PORT": String(controlPort),
        ])
        let status = await p.exitStatus(within: 10)
        if status == nil { p.stop() }
        return (status, p.stderr)
    }

    @Test func aSecondSidecarOnEitherPortFailsAtStartup() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let up = try await h.upstream()
        let first = try await h.sidecar(upstream: up.url)

        let (proxyStatus, proxyError) = try await Self.second(h, upstream: up.url, proxyPort: first.proxyPort,
                                                              controlPort: try freePort())
        #expect(proxyStatus == 1, "\(proxyError)")
        #expect(proxyError == "Cannot listen on PROXY_PORT \(first.proxyPort): address already in use\n")

        let (controlStatus, controlError) = try await Self.second(h, upstream: up.url, proxyPort: try freePort(),
                                                                  controlPort: first.controlPort)
        #expect(controlStatus == 1, "\(controlError)")
        #expect(controlError == "Cannot listen on CONTROL_PLANE_PORT \(first.controlPort): address already in use\n")

        // Every request still goes through the first sidecar: each one is in its audit ring.
        for index in 0..<10 {
            let r = try await Curl.request(first.proxy + "/only-one", headers: ["X-Request-Id: exclusive-\(index)"])
            #expect(r.status == 200)
        }
        let ids = Set(try await h.audit(first).compactMap { $0.string("requestId") })
        #expect((0..<10).allSatisfy { ids.contains("exclusive-\($0)") }, "\(ids)")
        #expect(first.process.isRunning)
    }

    @Test func aPortHeldByAnotherProcessWithReusePortFailsAtStartup() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        guard let python = E2EPaths.python else { throw E2EError("python3 is not installed") }
        // A process that would happily share (SO_REUSEPORT): we must not join it.
        let holder = try h.spawn("holder", python, ["-u", "-c", """
            import socket, time
            s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
            s.bind(('127.0.0.1', 0)); s.listen(8)
            print(f"listening on {s.getsockname()[1]}", flush=True)
            time.sleep(120)
            """])
        let port = try await poll("the holder to listen") { () -> Int? in
            holder.stdout.split(separator: "\n").first.flatMap { Int($0.dropFirst("listening on ".count)) }
        }
        let (status, stderr) = try await Self.second(h, upstream: "http://127.0.0.1:9", proxyPort: port, controlPort: try freePort())
        #expect(status == 1, "\(stderr)")
        #expect(stderr == "Cannot listen on PROXY_PORT \(port): address already in use\n")
    }
}
