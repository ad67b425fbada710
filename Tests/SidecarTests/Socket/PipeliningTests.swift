// Pipelining over real sockets: one request in flight per connection, responses in
// request order, a streaming response never interleaved with the next one, and a
// malformed later request answered only after the earlier responses.
import Foundation
import Synchronization
import Testing
@testable import Sidecar

@Suite struct PipeliningTests {
    /// Answers `/slow…` after `delay` seconds (from another thread, like a proxied
    /// request), `/stream` in two chunks a moment apart, anything else at once; the body
    /// names the target. Counts the requests in flight at once.
    final class Handler: Sendable {
        let inFlight = Atomic<Int>(0)
        let mostInFlight = Atomic<Int>(0)
        let delay: Double

        init(delay: Double = 0.15) { self.delay = delay }

        func handle(_ exchange: HTTPServerExchange) {
            let now = inFlight.add(1, ordering: .relaxed).newValue
            var seen = mostInFlight.load(ordering: .relaxed)
            while now > seen && !mostInFlight.compareExchange(expected: seen, desired: now, ordering: .relaxed).exchanged {
                seen = mostInFlight.load(ordering: .relaxed)
            }
            let target = exchange.request.target
            let handle = exchange.handle
            let finish: @Sendable (HTTPServerExchange) -> Void = { [self] exchange in
                inFlight.subtract(1, ordering: .relaxed)
                exchange.respond(HTTPResponseHead(status: 200), body: Array(target.utf8))
            }
            if target == "/stream" {
                exchange.writeHead(HTTPResponseHead(status: 200))
                exchange.writeBody(Array("first;".utf8))
                DispatchQueue.global().asyncAfter(deadline: .now() + delay) {
                    handle.run { [self] exchange in
                        inFlight.subtract(1, ordering: .relaxed)
                        exchange.writeBody(Array("second".utf8))
                        exchange.end()
                    }
                }
            } else if target.hasPrefix("/slow") {
                DispatchQueue.global().asyncAfter(deadline: .now() + delay) { handle.run(finish) }
            } else {
                finish(exchange)
            }
        }
    }

    static func get(_ target: String) -> String { "GET \(target) HTTP/1.1\r\nHost: a\r\n\r\n" }

    /// Sends `requests` on one connection to a server running `handler` and reads up to
    /// `responses` answers; `check` sees the reply and the client (still open).
    static func exchange(_ requests: String, responses: Int, handler: Handler = Handler(),
                         _ check: (WireClient.Reply, WireClient) -> Void) throws {
        let server = try TestServer { handler.handle($0) }
        defer { server.stop() }
        let client = try WireClient(port: server.port)
        client.send(requests)
        check(client.read(responses: responses), client)
    }

    @Test func responsesLeaveInRequestOrder() throws {
        try Self.exchange(Self.get("/slow") + Self.get("/fast"), responses: 2) { reply, _ in
            #expect(reply.responses.map(\.body) == ["/slow", "/fast"], "\(reply)")
        }
    }

    @Test func oneRequestInFlightPerConnection() throws {
        let handler = Handler(delay: 0.02)
        let targets = (0..<8).map { "/slow\($0)" }
        try Self.exchange(targets.map(Self.get).joined(), responses: targets.count, handler: handler) { reply, _ in
            #expect(reply.responses.map(\.body) == targets)
        }
        #expect(handler.mostInFlight.load(ordering: .relaxed) == 1)
    }

    @Test func aStreamingResponseIsNeverSplicedIntoByTheNext() throws {
        try Self.exchange(Self.get("/stream") + Self.get("/fast"), responses: 2) { reply, _ in
            #expect(reply.malformed == nil)
            #expect(reply.responses.map(\.body) == ["first;second", "/fast"], "\(reply)")
        }
    }

    @Test func aMalformedLaterRequestGetsTheEarlierResponsesFirst() throws {
        let requests = Self.get("/slow") + Self.get("/fast") + "GET /bad HTTP/1.1\r\nHost: a\r\nBad Field: x\r\n\r\n"
        try Self.exchange(requests, responses: 3) { reply, client in
            #expect(reply.responses.map(\.status) == [200, 200, 400], "\(reply)")
            #expect(reply.responses.prefix(2).map(\.body) == ["/slow", "/fast"])
            #expect(reply.responses.last?.headers[first: .connection] == "close")
            #expect(reply.closed || client.waitForClose())
        }
    }
}
