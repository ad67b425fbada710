// Malformed and smuggling requests over raw sockets: the right status, Connection:
// close, a closed connection — never a crash, never a second request answered.
import Testing
@testable import Sidecar

@Suite struct MalformedRequestTests {
    static let cases: [(String, Int)] = [
        ("GET / HTTP/1.1\r\nHost: a\r\nBad Header: x\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\n\r\n", 400),
        ("GET /\u{7f} HTTP/1.1\r\nHost: a\r\n\r\n", 400),
        ("GET / HTTP/3.0\r\nHost: a\r\n\r\n", 505),
        ("GET /" + String(repeating: "a", count: 9000) + " HTTP/1.1\r\nHost: a\r\n\r\n", 414),
        ("GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + String(repeating: "b", count: 40_000) + "\r\n\r\n", 431),
        ("GET / HTTP/1.1\r\nHost: a\r\n" + String(repeating: "X-N: v\r\n", count: 150) + "\r\n", 431),
        ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n", 501),
        ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999\r\n\r\n", 413),
        ("GET / HTTP/1.1\r\nHost: a\r\nExpect: something\r\n\r\n", 417),
        ("\u{16}\u{03}\u{01}\u{02}\0\u{01}\0\u{01}\u{fc}\u{03}\u{03}\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!", 400),
    ]

    @Test(arguments: cases)
    func malformedGetsStatusAndClose(request: String, status: Int) throws {
        let server = try TestServer(handler: TestServer.echo)
        defer { server.stop() }
        let reply = try RawClient.send([request], port: server.port)
        #expect(reply.statuses == [status])
        // 417 answers a complete request without a body, so the connection may persist.
        if status != 417 {
            #expect(reply.closed)
            #expect(String(decoding: reply.raw, as: UTF8.self).contains("Connection: close\r\n"))
            #expect(reply.bodies.first?.hasPrefix("{\"error\":") == true)
        }
    }

    static let smuggling: [String] = [
        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 30\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding : chunked\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabc\nGET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\nContent-Length: 40\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n",
    ]

    @Test(arguments: smuggling)
    func smuggledRequestIsNeverAnswered(request: String) throws {
        let server = try TestServer(handler: TestServer.echo)
        defer { server.stop() }
        let reply = try RawClient.send([request], port: server.port)
        #expect(reply.statuses.last == 400 || reply.statuses.last == 501)
        #expect(!String(decoding: reply.raw, as: UTF8.self).contains("/smuggled"))
        #expect(reply.closed)
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() throws {
        let server = try TestServer(handler: TestServer.echo)
        defer { server.stop() }
        let requests = (1...5).map { "GET /r\($0) HTTP/1.1\r\nHost: a\r\n\r\n" }.joined()
            + "POST /last HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nConnection: close\r\n\r\nend"
        let reply = try RawClient.send([requests], port: server.port)
        #expect(reply.statuses == [200, 200, 200, 200, 200, 200])
        #expect(reply.bodies == ["hello", "hello", "hello", "hello", "hello", "end"])
        let text = String(decoding: reply.raw, as: UTF8.self)
        let order = (1...5).compactMap { text.range(of: "X-Target: /r\($0)")?.lowerBound }
        #expect(order == order.sorted() && order.count == 5)
        #expect(reply.closed)
    }

    @Test func slowlorisGets408AndClose() throws {
        let server = try TestServer(configure: { $0.headerTimeoutNanos = 500_000_000 }, handler: TestServer.echo)
        defer { server.stop() }
        let reply = try RawClient.send(["GET / HTTP/1.1\r\n", "Host: a\r\n", "X-A: 1\r\n", "X-B: 2\r\n", "X-C: 3\r\n"],
                                       port: server.port, pause: 0.3, quiet: 5)
        #expect(reply.statuses == [408])
        #expect(reply.closed)
    }

    @Test func idleKeepAliveIsClosedSilently() throws {
        let server = try TestServer(configure: { $0.idleTimeoutNanos = 300_000_000 }, handler: TestServer.echo)
        defer { server.stop() }
        let reply = try RawClient.send(["GET / HTTP/1.1\r\nHost: a\r\n\r\n"], port: server.port, quiet: 5)
        #expect(reply.statuses == [200])
        #expect(reply.closed)
    }

    @Test func stalledBodyGets408() throws {
        let server = try TestServer(configure: { $0.bodyTimeoutNanos = 400_000_000 }, handler: TestServer.echo)
        defer { server.stop() }
        let reply = try RawClient.send(["POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\npartial"],
                                       port: server.port, quiet: 5)
        #expect(reply.statuses == [408])
        #expect(reply.closed)
    }

    @Test func perRouteBodyLimitGives413() throws {
        let server = try TestServer { exchange in
            exchange.maxRequestBodyBytes = 10
            TestServer.echo(exchange)
        }
        defer { server.stop() }
        let reply = try RawClient.send(["POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n12345678\r\n8\r\n12345678\r\n0\r\n\r\n"],
                                       port: server.port)
        #expect(reply.statuses == [413])
        #expect(reply.closed)
    }
}
