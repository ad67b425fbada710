// ProxyBench: runs this project's HTTP layer standalone for benchmarks and soak tests.
//   ProxyBench upstream <port>            a tiny upstream: GET → "hello", /stream → chunked,
//                                         POST → echoes the body length
//   ProxyBench proxy <port> <upstreamURL>  the reverse proxy in front of an upstream
// Prints "listening <port>" once ready; SIGTERM/SIGINT stop it gracefully.
// PROXYBENCH_HEADER_TIMEOUT_MS shortens the request-head timeout (the soak test's
// slowloris clients then get their 408 sooner). PROXYBENCH_THREADS sets the number of
// event loops (default: one per core).
import Dispatch
import Glibc
import Sidecar

let arguments = CommandLine.arguments
guard arguments.count >= 3, let port = Int(arguments[2]) else {
    FileHandleOutput.error("usage: ProxyBench upstream <port> | proxy <port> <upstream-url>")
    exit(64)
}

var configuration = HTTPServerConfiguration(host: "127.0.0.1", port: port)
if let raw = getenv("PROXYBENCH_HEADER_TIMEOUT_MS"), let milliseconds = UInt64(String(cString: raw)) {
    configuration.headerTimeoutNanos = milliseconds * 1_000_000
}
if let raw = getenv("PROXYBENCH_THREADS"), let threads = Int(String(cString: raw)) {
    configuration.threads = threads
}

let server: HTTPServer
switch arguments[1] {
case "upstream":
    server = HTTPServer(configuration: configuration, handler: TinyUpstream.handle)
case "proxy" where arguments.count >= 4:
    do {
        let proxy = try ReverseProxy(configuration: ReverseProxyConfiguration(upstream: arguments[3]))
        server = HTTPServer(configuration: configuration) { exchange in
            proxy.forward(exchange)
        }
    } catch {
        FileHandleOutput.error("invalid upstream: \(error)")
        exit(64)
    }
default:
    FileHandleOutput.error("usage: ProxyBench upstream <port> | proxy <port> <upstream-url>")
    exit(64)
}

do {
    try server.start()
} catch {
    FileHandleOutput.error("cannot start: \(error)")
    exit(1)
}
FileHandleOutput.standard("listening \(server.port)")

waitForStopSignal()
server.shutdown()
exit(0)
