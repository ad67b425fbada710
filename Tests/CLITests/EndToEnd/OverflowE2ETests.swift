// OverflowE2ETests: chunk sizes whose sum passes Int.max (`1\r\na\r\n7fffffffffffffff`)
// on every surface a peer reaches — the proxy port, the control plane (whose routes
// run only after the HTTP layer has parsed), and an agent's response — are a clean
// error, and the sidecar lives on.
import Foundation
import Testing

@Suite(.enabled(if: E2ETools.areAvailable, E2ETools.reason))
struct OverflowE2ETests {
    static let chunks = "1\r\na\r\n7fffffffffffffff\r\n"

    /// The sidecar still answers on both ports.
    static func expectAlive(_ sc: SidecarHandle) async throws {
        #expect(sc.process.isRunning, "\(sc.process.output)")
        #expect(try await Curl.request(sc.control + "/agentspec/health/live").status == 200)
    }

    @Test func onTheProxyPort() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let up = try await h.upstream()
        let sc = try await h.sidecar(upstream: up.url, env: ["MAX_REQUEST_BODY_BYTES": "0"])
        let reply = try await RawHTTP.exchange(port: sc.proxyPort,
            "POST /upload HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n" + Self.chunks)
        #expect(reply.statuses == [400], "\(reply)")
        #expect(reply.closed)
        try await Self.expectAlive(sc)
        #expect(try await Curl.request(sc.proxy + "/after").status == 200)
    }

    @Test func onTheControlPlane() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let up = try await h.upstream()
        // Without CONTROL_PLANE_TOKEN (the default) anyone reaches the events route, which
        // reads its body: the chunk sizes are parsed before any route logic judges them.
        let open = try await h.sidecar(upstream: up.url)
        let reply = try await RawHTTP.exchange(port: open.controlPort,
            "POST /agentspec/events HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n" + Self.chunks)
        #expect(reply.statuses == [400], "\(reply)")
        #expect(reply.closed)
        try await Self.expectAlive(open)
        // With the token, a caller without it is refused before its body is read at all.
        let guarded = try await h.sidecar(upstream: up.url, env: ["CONTROL_PLANE_TOKEN": "s3cret"])
        let refused = try await RawHTTP.exchange(port: guarded.controlPort,
            "POST /agentspec/events HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n" + Self.chunks)
        #expect(refused.statuses == [401], "\(refused)")
        try await Self.expectAlive(guarded)
    }

    @Test func inTheAgentsResponse() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let agent = try await h.rawUpstream(response: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + Self.chunks)
        let sc = try await h.sidecar(upstream: agent.url)
        let reply = try await RawHTTP.exchange(port: sc.proxyPort, "GET /overflow HTTP/1.1\r\nHost: a\r\n\r\n")
        // The head and the first chunk were forwarded before the bad size: the stream
        // is cut (no final chunk), never completed as if whole.
        #expect(reply.closed, "\(reply)")
        #expect(!reply.text.hasSuffix("0\r\n\r\n"), "\(reply)")
        try await Self.expectAlive(sc)
    }
}
