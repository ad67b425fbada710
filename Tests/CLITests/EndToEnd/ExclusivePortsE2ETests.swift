// ExclusivePortsE2ETests: a port the sidecar needs is its own. A second sidecar on either
// port of a running one (or any process holding it) stops at startup with the
// contract's line and exit 1, and the first keeps every request: nothing is shared. On
// the wildcard (BIND_ADDRESS 0.0.0.0, the default) a port is held on IPv6 as well: no
// process takes [::]:port or [::1]:port beside the sidecar, and the sidecar does not
// start beside one that holds it. On loopback (127.0.0.1) the other loopback, [::1], is
// held too: `localhost` names both and clients try ::1 first.
import Foundation
import Testing

@Suite(.enabled(if: E2ETools.areAvailable, E2ETools.reason))
struct ExclusivePortsE2ETests {
    /// Starts a second sidecar on `proxyPort`/`controlPort`; it must exit within 10 s.
    static func second(_ h: E2EHarness, upstream: String, proxyPort: Int, controlPort: Int,
                       bindAddress: String = "127.0.0.1") async throws -> (Int32?, String) {
        let p = try h.spawn("second-sidecar", BinaryRunner.binaryURL.path, ["sidecar"], environment: [
            "UPSTREAM_URL": upstream, "MANIFEST_PATH": E2EPaths.gymcoach, "BIND_ADDRESS": bindAddress,
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

    /// Whether this machine has IPv6 loopback (a container may have it off).
    static let hasIPv6Loopback: Bool = {
        guard let python = E2EPaths.python,
              let (status, _, _) = try? runCapturing(python, ["-c", "import socket; socket.socket(socket.AF_INET6).bind(('::1', 0))"])
        else { return false }
        return status == 0
    }()

    /// Tries the 20 ways of bind_attempts.py on both ports of `sc`: every one must fail.
    static func expectNoBindBeside(_ sc: SidecarHandle) throws {
        guard let python = E2EPaths.python else { throw E2EError("python3 is not installed") }
        let script = E2EPaths.scripts.appendingPathComponent("bind_attempts.py").path
        for port in [sc.proxyPort, sc.controlPort] {
            let (_, out, _) = try runCapturing(python, [script, String(port)])
            let lines = String(decoding: out, as: UTF8.self).split(separator: "\n")
            #expect(lines.count == 20, "\(lines)")
            // Every way fails: IPv4 or IPv6, wildcard or loopback, with SO_REUSEADDR or SO_REUSEPORT.
            #expect(lines.allSatisfy { $0.hasPrefix("refused ") && $0.hasSuffix(": Address already in use") },
                    "port \(port): \(lines.filter { !$0.hasPrefix("refused") })")
        }
    }

    @Test(.enabled(if: hasIPv6Loopback, "needs IPv6 loopback"))
    func theWildcardHoldsBothPortsOnIPv6Too() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let up = try await h.upstream()
        let sc = try await h.sidecar(upstream: up.url, env: ["BIND_ADDRESS": "0.0.0.0"])
        try Self.expectNoBindBeside(sc)
        // A client reaching the host over IPv6 reaches the sidecar, and IPv4 clients are
        // still named by their IPv4 address.
        for (url, client) in [("http://[::1]:\(sc.proxyPort)", "::1"), (sc.proxy, "127.0.0.1")] {
            let r = try await Curl.request(url + "/both-families", headers: ["X-Request-Id: family-\(client)"])
            #expect(r.status == 200, "\(url): \(r)")
            let forwarded = (try r.object()["headers"] as? [[String]] ?? []).first { $0[0].lowercased() == "x-forwarded-for" }?[1]
            #expect(forwarded == client)
            _ = try await h.entry(sc, "family-\(client)")
        }
        #expect(try await Curl.request("http://[::1]:\(sc.controlPort)/agentspec/health/live").status == 200)
    }

    @Test(.enabled(if: hasIPv6Loopback, "needs IPv6 loopback"))
    func aWildcardSidecarDoesNotStartBesideAnIPv6OnlyHolder() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let holder = try await h.pythonServer("bind_attempts.py", ["--hold"])
        let (status, stderr) = try await Self.second(h, upstream: "http://127.0.0.1:9", proxyPort: holder.port,
                                                     controlPort: try freePort(), bindAddress: "0.0.0.0")
        #expect(status == 1, "\(stderr)")
        #expect(stderr == "Cannot listen on PROXY_PORT \(holder.port): address already in use\n")
    }

    @Test(.enabled(if: hasIPv6Loopback, "needs IPv6 loopback"))
    func onLoopbackTheOtherLoopbackIsHeldToo() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let up = try await h.upstream()
        let sc = try await h.sidecar(upstream: up.url)  // BIND_ADDRESS 127.0.0.1
        try Self.expectNoBindBeside(sc)
        // A client of [::1] is refused (and falls back to 127.0.0.1), never answered by another.
        await #expect(throws: E2EError.self) { _ = try await Curl.request("http://[::1]:\(sc.proxyPort)/x", maxTime: 3) }
        #expect(try await Curl.request(sc.proxy + "/x").status == 200)
    }
}
