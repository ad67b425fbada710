// TinyUpstream: the upstream used by the benchmark and soak scripts.
// Invariant: answers every request without blocking its event loop.
import Glibc
import Sidecar

/// Request handler of the benchmark upstream.
enum TinyUpstream {
    static let hello = Array("hello from upstream\n".utf8)

    static func handle(_ exchange: HTTPServerExchange) {
        let target = exchange.request.target
        if target.hasPrefix("/stream") {
            // 64 chunks of 1 KiB, chunked, honouring back-pressure.
            exchange.writeHead(HTTPResponseHead(status: 200, headers: ["Content-Type": "text/plain"]))
            let chunk = [UInt8](repeating: UInt8(ascii: "s"), count: 1024)
            var remaining = 64
            func pump() {
                while remaining > 0 && exchange.isWritable {
                    exchange.writeBody(chunk)
                    remaining -= 1
                }
                if remaining == 0 { exchange.end() }
            }
            exchange.onWritable = pump
            pump()
            return
        }
        if target.hasPrefix("/agent") {
            // An agent reporting its behaviour on every response (the sidecar decides each).
            exchange.respond(HTTPResponseHead(status: 200, headers: [
                "Content-Type": "text/plain",
                "X-AgentSpec-Guardrails-Invoked": "topic-filter, prompt-injection",
                "X-AgentSpec-Tools-Called": "log-workout",
            ]), body: hello)
            return
        }
        if exchange.request.method == .post || exchange.request.method == .put {
            var received = 0
            exchange.readBody(onChunk: { received += $0.count }, onEnd: { _ in
                exchange.respond(HTTPResponseHead(status: 200, headers: ["Content-Type": "text/plain"]),
                                 body: Array("received \(received)\n".utf8))
            })
            return
        }
        exchange.respond(HTTPResponseHead(status: 200, headers: ["Content-Type": "text/plain"]), body: hello)
    }
}

/// Writes unbuffered lines to stdout and stderr.
enum FileHandleOutput {
    static func error(_ message: String) { line(message, fd: 2) }
    static func standard(_ message: String) { line(message, fd: 1) }

    private static func line(_ message: String, fd: Int32) {
        var text = message + "\n"
        text.withUTF8 { _ = write(fd, $0.baseAddress, $0.count) }
    }
}
