// RecordingUpstream: an in-process upstream that records every request it receives
// (target, fields, body, trailers) and answers with the target as the body, so a test
// can compare what the client sent, what the agent saw and what came back.
import Foundation
import Synchronization
@testable import Sidecar

/// An upstream server that remembers what reached it.
final class RecordingUpstream: Sendable {
    struct Received: Sendable {
        var method: HTTPMethod
        var target: String
        var headers: HTTPHeaders
        var body: [UInt8]
        var trailers: HTTPHeaders?
    }

    /// The requests received so far, shared with the server's handler.
    final class Log: Sendable {
        let items = Mutex<[Received]>([])
    }

    private let log = Log()
    let server: TestServer

    /// `respond` answers a recorded request (by default: 200 with the target as body).
    init(respond: (@Sendable (HTTPServerExchange) -> Void)? = nil) throws {
        let log = self.log
        server = try TestServer { exchange in
            var body: [UInt8] = []
            exchange.readBody(onChunk: { body.append(contentsOf: $0) }, onEnd: { trailers in
                let request = exchange.request
                log.items.withLock {
                    $0.append(Received(method: request.method, target: request.target, headers: request.headers,
                                       body: body, trailers: trailers))
                }
                if let respond {
                    respond(exchange)
                } else {
                    exchange.respond(HTTPResponseHead(status: 200), body: Array(request.target.utf8))
                }
            })
        }
    }

    var url: String { server.url }
    var requests: [Received] { log.items.withLock { $0 } }

    func stop() { server.stop() }

    /// A proxy in front of this upstream; `body` gets the proxy's port.
    func withProxy(configure: (inout ReverseProxyConfiguration) -> Void = { _ in },
                   serverConfigure: (inout HTTPServerConfiguration) -> Void = { _ in },
                   _ body: (Int) throws -> Void) throws {
        var configuration = ReverseProxyConfiguration(upstream: url)
        configure(&configuration)
        let proxy = try ReverseProxy(configuration: configuration)
        let front = try TestServer(threads: 2, configure: serverConfigure) { proxy.forward($0) }
        defer { front.stop() }
        try body(front.port)
    }
}
