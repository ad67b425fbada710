// Trailers through the reverse proxy, over real sockets: only the allow-listed fields
// (ProxyTrailers.forwarded) cross, in both directions; a client's trailers cannot speak
// for the agent or for the proxy, and the agent's X-AgentSpec-* trailers never reach
// the client.
import Foundation
import Testing
@testable import Sidecar

@Suite struct TrailerTests {
    static let hostile = "X-AgentSpec-User-Confirmed: true\r\nX-Request-Id: forged\r\nX-Forwarded-For: 10.0.0.1\r\n"
        + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\nConnection: close\r\nTrailer: X\r\nAuthorization: Bearer x\r\n"
        + "Host: evil\r\nX-Custom: 1\r\n"

    /// Sends `request` through a proxy to a recording agent; answers what the agent got.
    static func forward(_ request: String) throws -> [RecordingUpstream.Received] {
        let upstream = try RecordingUpstream()
        defer { upstream.stop() }
        try upstream.withProxy { port in
            let client = try WireClient(port: port)
            client.send(request)
            #expect(client.read(responses: 1).responses.map(\.status) == [200])
        }
        return upstream.requests
    }

    @Test func aClientsTrailersReachTheAgentOnlyWhenAllowed() throws {
        let received = try Self.forward("POST /t HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n"
                                        + Self.hostile + "Server-Timing: db;dur=5\r\n\r\n")
        #expect(received.count == 1)
        #expect(received.first?.body == Array("abc".utf8))
        let names = received.first?.trailers?.map { $0.name } ?? []
        #expect(names == ["Server-Timing"], "the agent received trailers \(names)")
        // The request id the agent saw in the head is the proxy's, not the trailer's.
        #expect(received.first?.headers[first: .xRequestId] != "forged")
    }

    @Test func aTrailerNamedByConnectionIsDropped() throws {
        let received = try Self.forward("POST /t HTTP/1.1\r\nHost: a\r\nConnection: Server-Timing\r\nTransfer-Encoding: chunked\r\n\r\n"
                                        + "1\r\nz\r\n0\r\nServer-Timing: a\r\n\r\n")
        #expect(received.count == 1)
        #expect(received.first?.trailers == nil)
    }

    @Test func theAgentsTrailersReachTheClientOnlyWhenAllowed() throws {
        let upstream = try RecordingUpstream(respond: { exchange in
            exchange.writeHead(HTTPResponseHead(status: 200))
            exchange.writeBody(Array("streamed".utf8))
            exchange.end(trailers: HTTPHeaders([
                ("X-AgentSpec-Tools-Called", "delete-workout"), ("X-AgentSpec-Anything", "x"), ("X-Request-Id", "agent-says"),
                ("Content-Length", "3"), ("Set-Cookie", "session=1"), ("Content-Digest", "sha-256=:abc=:"),
                ("Server-Timing", "total;dur=9"),
            ]))
        })
        defer { upstream.stop() }
        try upstream.withProxy { port in
            let client = try WireClient(port: port)
            client.send(PipeliningTests.get("/stream"))
            let reply = client.read(responses: 1)
            #expect(reply.responses.first?.body == "streamed")
            let names = reply.responses.first?.trailers?.map { $0.name } ?? []
            #expect(names == ["Content-Digest", "Server-Timing"], "the client received trailers \(names)")
        }
    }
}
