// TestServer: an in-process HTTPServer on 127.0.0.1 with an ephemeral port, stopped by
// the test that started it.
import Testing
@testable import Sidecar

/// Starts a server for one test; `stop()` shuts it down (call it in a defer).
final class TestServer: Sendable {
    let server: HTTPServer

    init(threads: Int = 1, configure: (inout HTTPServerConfiguration) -> Void = { _ in },
         handler: @escaping HTTPServer.Handler) throws {
        var configuration = HTTPServerConfiguration(host: "127.0.0.1", port: 0, threads: threads)
        configure(&configuration)
        server = HTTPServer(configuration: configuration, handler: handler)
        try server.start()
    }

    var port: Int { server.port }
    var url: String { "http://127.0.0.1:\(port)" }

    func stop() { server.shutdown() }

    /// A handler that answers "hello" to GET and echoes request bodies.
    static let echo: HTTPServer.Handler = { exchange in
        var body: [UInt8] = []
        exchange.readBody(onChunk: { body.append(contentsOf: $0) }, onEnd: { _ in
            var headers: HTTPHeaders = ["Content-Type": "text/plain"]
            headers.add(name: "X-Method", value: exchange.request.method.rawValue)
            headers.add(name: "X-Target", value: exchange.request.target)
            for field in exchange.request.headers where field.name.lowercased().hasPrefix("x-") || field.name.lowercased() == "host" {
                headers.add(name: "Echo-" + field.name, value: field.value)
            }
            exchange.respond(HTTPResponseHead(status: 200, headers: headers), body: body.isEmpty ? Array("hello".utf8) : body)
        })
    }
}
