// SmugglingE2ETests: through the built sidecar, a request whose Connection field names
// its framing field is refused (400, Connection: close) and nothing reaches the agent
// or the audit ring; an agent response doing the same is a 502; pipelined requests are
// answered in request order even when the first is the slowest.
import Foundation
import Testing

@Suite(.enabled(if: E2ETools.areAvailable, E2ETools.reason))
struct SmugglingE2ETests {
    @Test func connectionNamingContentLengthSmugglesNothing() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let up = try await h.upstream()
        let sc = try await h.sidecar(upstream: up.url)
        let inner = "DELETE /admin/workouts HTTP/1.1\r\nHost: agent\r\nX-Request-Id: smuggled-1\r\nContent-Length: 0\r\n\r\n"
        let reply = try await RawHTTP.exchange(port: sc.proxyPort,
            "POST /chat HTTP/1.1\r\nHost: a\r\nX-Request-Id: carrier-1\r\nConnection: Content-Length\r\n"
            + "Content-Length: \(inner.utf8.count)\r\n\r\n" + inner)
        #expect(reply.statuses == [400], "\(reply)")
        #expect(reply.text.contains("Connection: close\r\n"))
        #expect(reply.closed)
        // A request that does reach the agent after it shows the agent's log is current.
        #expect(try await Curl.request(sc.proxy + "/marker").status == 200)
        let received = try await poll("the marker at the agent") { () -> String? in
            up.process.stdout.contains("received GET /marker") ? up.process.stdout : nil
        }
        #expect(!received.contains("/admin") && !received.contains("/chat"), "\(received)")
        let ids = try await h.audit(sc).compactMap { $0.string("requestId") }
        #expect(!ids.contains("smuggled-1") && !ids.contains("carrier-1"), "\(ids)")
    }

    @Test func anAgentResponseNamingItsFramingIs502() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let agent = try await h.rawUpstream(response: "HTTP/1.1 200 OK\r\nConnection: content-length\r\nContent-Length: 2\r\n\r\nok")
        let sc = try await h.sidecar(upstream: agent.url)
        let r = try await Curl.request(sc.proxy + "/x")
        #expect(r.status == 502, "\(r)")
        #expect(try r.object().string("error") == "BadGateway")
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() async throws {
        let h = try await E2EHarness.begin()
        defer { h.stop() }
        let up = try await h.upstream()
        let sc = try await h.sidecar(upstream: up.url)
        let slow = "GET /first HTTP/1.1\r\nHost: a\r\nX-Test-Delay-Ms: 400\r\n\r\n"
        let fast = "GET /second HTTP/1.1\r\nHost: a\r\n\r\n"
        let bad = "GET /third HTTP/1.1\r\nHost: a\r\nBad Field: x\r\n\r\n"
        let reply = try await RawHTTP.exchange(port: sc.proxyPort, slow + fast + bad)
        #expect(reply.statuses == [200, 200, 400], "\(reply.text)")
        let first = try #require(reply.text.range(of: "\"target\": \"/first\""), "\(reply)")
        let second = try #require(reply.text.range(of: "\"target\": \"/second\""), "\(reply)")
        #expect(first.lowerBound < second.lowerBound)
        #expect(reply.closed)
    }
}
