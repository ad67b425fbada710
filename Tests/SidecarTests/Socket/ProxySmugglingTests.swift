// Smuggling and overflow through the reverse proxy, over real sockets: a Connection
// field naming a framing field is a 400 from the client (nothing reaches the agent) and
// a 502 from the agent; chunk sizes past Int.max are a 400 from the client and a
// closed stream from the agent — and the proxy keeps serving.
import Foundation
import Testing
@testable import Sidecar

@Suite struct ProxySmugglingTests {
    static let smuggled = "GET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n"

    @Test(arguments: [
        "Connection: Content-Length\r\nContent-Length: \(smuggled.utf8.count)",
        "Connection: keep-alive, content-length\r\nContent-Length: \(smuggled.utf8.count)",
        "Connection: Transfer-Encoding\r\nTransfer-Encoding: chunked",
    ])
    func connectionNamingAFramingFieldIs400AndReachesNoAgent(fields: String) throws {
        let upstream = try RecordingUpstream()
        defer { upstream.stop() }
        try upstream.withProxy { port in
            let body = fields.contains("chunked") ? "\(String(Self.smuggled.utf8.count, radix: 16))\r\n\(Self.smuggled)\r\n0\r\n\r\n"
                                                 : Self.smuggled
            let client = try WireClient(port: port)
            client.send("POST /a HTTP/1.1\r\nHost: a\r\n\(fields)\r\n\r\n" + body)
            let reply = client.read(responses: 2)
            #expect(reply.responses.map(\.status) == [400], "\(reply)")
            #expect(reply.responses.first?.headers[first: .connection] == "close")
            #expect(reply.closed || client.waitForClose())
            // A later client on a fresh connection is served, and the agent never saw
            // the smuggled request (nor the one that carried it).
            let next = try WireClient(port: port)
            next.send(PipeliningTests.get("/next"))
            #expect(next.read(responses: 1).responses.map(\.body) == ["/next"])
            #expect(upstream.requests.map(\.target) == ["/next"])
        }
    }

    @Test func agentResponseWhoseConnectionNamesItsFramingIs502() throws {
        let agent = try RawUpstream(response: "HTTP/1.1 200 OK\r\nConnection: Content-Length\r\nContent-Length: 5\r\n\r\nhello")
        defer { agent.stop() }
        let proxy = try ReverseProxy(configuration: ReverseProxyConfiguration(upstream: agent.url))
        let front = try TestServer { proxy.forward($0) }
        defer { front.stop() }
        let client = try WireClient(port: front.port)
        client.send(PipeliningTests.get("/x"))
        let reply = client.read(responses: 1)
        #expect(reply.responses.map(\.status) == [502], "\(reply)")
        #expect(reply.responses.first?.body.contains("Connection names Content-Length") == true)
    }

    @Test func clientChunkSizesPastIntMaxAre400() throws {
        let upstream = try RecordingUpstream()
        defer { upstream.stop() }
        try upstream.withProxy(serverConfigure: { $0.parserLimits.maxBodyBytes = Int.max }) { port in
            let client = try WireClient(port: port)
            client.send("POST /big HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n7fffffffffffffff\r\n")
            let reply = client.read(responses: 1)
            #expect(reply.responses.map(\.status) == [400], "\(reply)")
            #expect(reply.responses.first?.body.contains("overflows") == true)
            let next = try WireClient(port: port)
            next.send(PipeliningTests.get("/alive"))
            #expect(next.read(responses: 1).responses.map(\.body) == ["/alive"])
        }
    }

    @Test func agentChunkSizesPastIntMaxCloseTheStreamOnly() throws {
        let agent = try RawUpstream(response: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n7fffffffffffffff\r\n")
        defer { agent.stop() }
        let proxy = try ReverseProxy(configuration: ReverseProxyConfiguration(upstream: agent.url))
        let front = try TestServer { exchange in
            if exchange.request.target == "/local" {
                exchange.respond(HTTPResponseHead(status: 200), body: Array("alive".utf8))
            } else {
                proxy.forward(exchange)
            }
        }
        defer { front.stop() }
        let client = try WireClient(port: front.port)
        client.send(PipeliningTests.get("/x"))
        // The head and the first chunk were already forwarded: the one honest signal
        // left is to close the client's connection before the body ends.
        let reply = client.read(responses: 1)
        #expect(reply.responses.isEmpty && reply.closed, "\(reply)")
        let next = try WireClient(port: front.port)
        next.send(PipeliningTests.get("/local"))
        #expect(next.read(responses: 1).responses.map(\.body) == ["alive"])
    }
}
