// UpstreamFailureE2ETests: when the agent fails the client gets JSON, never a bare error —
// 502 BadGateway for an unreachable agent, 504 GatewayTimeout when no response head comes
// within UPSTREAM_TIMEOUT_MS — carrying the request id; a streamed body that outlasts
// the timeout is not cut.
import Foundation
import Testing

@Suite(.enabled(if: E2ETools.areAvailable, E2ETools.reason))
struct UpstreamFailureE2ETests {
    @Test func anUnreachableAgentIs502WithJSON() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let closed = try ClosedPort()
        defer { withExtendedLifetime(closed) {} }
        let sc = try await h.sidecar(upstream: closed.url)
        let r = try await Curl.request(sc.proxy + "/v1/chat?q=1", method: "POST", headers: ["X-Request-Id: down-1"],
                                       body: Data("{}".utf8))
        #expect(r.status == 502)
        #expect(r.header("Content-Type") == "application/json")
        let body = try r.object()
        #expect(body.string("error") == "BadGateway")
        #expect((body.string("message") ?? "").isEmpty == false)
        #expect(body.string("requestId") == "down-1")
        #expect(r.header("X-Request-Id") == "down-1")
        let e = try await h.entry(sc, "down-1")
        #expect(e.int("statusCode") == 502)
        #expect(e.string("path") == "/v1/chat?q=1")
    }

    @Test func aSilentAgentIs504WithJSONAfterTheTimeout() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let up = try await h.upstream()
        let sc = try await h.sidecar(upstream: up.url, env: ["UPSTREAM_TIMEOUT_MS": "300"])
        let started = Date()
        let r = try await Curl.request(sc.proxy + "/slow", headers: ["X-Test-Delay-Ms: 4000"])
        let elapsed = Date().timeIntervalSince(started)
        #expect(r.status == 504)
        let body = try r.object()
        #expect(body.string("error") == "GatewayTimeout")
        let id = try #require(body.string("requestId"))
        #expect(r.header("X-Request-Id") == id)
        #expect(elapsed < 3.0, "the 504 took \(elapsed) s with UPSTREAM_TIMEOUT_MS=300")
        #expect(try await h.entry(sc, id).int("statusCode") == 504)
    }

    @Test func aStreamLongerThanTheTimeoutIsNotCut() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        // The example agent's SSE answer takes ~500 ms after its head; the timeout is 200 ms.
        let (_, sc) = try await h.exampleStack(env: ["UPSTREAM_TIMEOUT_MS": "200"])
        let r = try await Curl.request(sc.proxy + "/v1/chat/stream?message=hi", extra: ["-N"])
        #expect(r.status == 200)
        #expect(r.text.hasSuffix("data: [DONE]\n\n"), "the stream was cut: \(r.text)")
    }
}
