// The reverse proxy between real clients and an in-process upstream: header rules,
// verdicts (given at once or later), 502/504, streaming both ways, pooled keep-alive and back-pressure.
import Foundation
import Synchronization
import Testing
@testable import Sidecar

@Suite struct ProxySocketTests {
    /// Starts an upstream with `handler` and a proxy in front of it (path prefix /base).
    static func withProxy(upstreamHandler: @escaping HTTPServer.Handler = TestServer.echo,
                          configure: (inout ReverseProxyConfiguration) -> Void = { _ in },
                          body: (TestServer, TestServer) throws -> Void) throws {
        let upstream = try TestServer(handler: upstreamHandler)
        defer { upstream.stop() }
        var configuration = ReverseProxyConfiguration(upstream: upstream.url + "/base")
        configure(&configuration)
        let proxy = try ReverseProxy(configuration: configuration)
        let front = try TestServer(threads: 2) { proxy.forward($0) }
        defer { front.stop() }
        try body(front, upstream)
    }

    static func header(_ name: String, in output: String) -> String? {
        for line in output.split(separator: "\r\n") where line.lowercased().hasPrefix(name.lowercased() + ":") {
            return line.dropFirst(name.count + 1).trimmingCharacters(in: .whitespaces)
        }
        return nil
    }

    @Test func requestHeadersAreRewritten() throws {
        try Self.withProxy(configure: { $0.strippedRequestHeaderPrefixes = ["X-AgentSpec-"] }) { front, upstream in
            let result = try ProcessRunner.run("curl", ["-si", front.url + "/path?q=1",
                "-H", "Connection: keep-alive, X-Hop", "-H", "X-Hop: secret", "-H", "X-Forwarded-For: 1.2.3.4",
                "-H", "X-AgentSpec-Tools-Called: fake", "-H", "X-Request-Id: client-id-1", "-H", "X-Keep: yes"])
            let out = result.stdout
            #expect(out.hasPrefix("HTTP/1.1 200 OK"))
            #expect(Self.header("X-Target", in: out) == "/base/path?q=1")
            #expect(Self.header("Echo-Host", in: out) == "127.0.0.1:\(upstream.port)")
            #expect(Self.header("Echo-X-Forwarded-For", in: out) == "1.2.3.4, 127.0.0.1")
            #expect(Self.header("Echo-X-Forwarded-Proto", in: out) == "http")
            #expect(Self.header("Echo-X-Forwarded-Host", in: out) == "127.0.0.1:\(front.port)")
            #expect(Self.header("Echo-X-Request-Id", in: out) == "client-id-1")
            #expect(Self.header("X-Request-Id", in: out) == "client-id-1")
            #expect(Self.header("Echo-X-Keep", in: out) == "yes")
            #expect(Self.header("Echo-X-Hop", in: out) == nil)
            #expect(Self.header("Echo-X-AgentSpec-Tools-Called", in: out) == nil)
        }
    }

    @Test func generatedRequestIdIsAUUID() throws {
        try Self.withProxy { front, _ in
            let out = try ProcessRunner.run("curl", ["-si", front.url + "/", "-H", "X-Request-Id: bad id with spaces"]).stdout
            let id = Self.header("X-Request-Id", in: out) ?? ""
            #expect(id.count == 36 && id.split(separator: "-").count == 5)
            #expect(Self.header("Echo-X-Request-Id", in: out) == id)
        }
    }

    @Test func responseHopByHopHeadersAreStripped() throws {
        let upstreamHandler: HTTPServer.Handler = { exchange in
            exchange.respond(HTTPResponseHead(status: 200, headers: [
                "Connection": "X-Secret", "X-Secret": "1", "Keep-Alive": "timeout=5", "X-Visible": "yes",
                "Proxy-Authenticate": "Basic",
            ]), body: Array("ok".utf8))
        }
        try Self.withProxy(upstreamHandler: upstreamHandler) { front, _ in
            let out = try ProcessRunner.run("curl", ["-si", front.url + "/"]).stdout
            #expect(Self.header("X-Visible", in: out) == "yes")
            #expect(Self.header("X-Secret", in: out) == nil)
            #expect(Self.header("Keep-Alive", in: out) == nil)
            #expect(Self.header("Proxy-Authenticate", in: out) == nil)
            #expect(out.hasSuffix("\r\n\r\nok"))
        }
    }

    @Test func aBlockingVerdictReplacesTheResponse() throws {
        let judge = ScriptedJudge { head, request in
            if request.target.hasPrefix("/deny") { return .block(violations: ["no_entry"]) }
            head.headers.remove(name: "Echo-Host")
            head.headers.add(name: "X-Judged", value: "1")
            return .flag(violations: ["noted"])
        }
        try Self.withProxy(configure: { $0.judge = judge }) { front, _ in
            let denied = try ProcessRunner.run("curl", ["-si", front.url + "/deny"]).stdout
            #expect(denied.hasPrefix("HTTP/1.1 403"))
            #expect(denied.hasSuffix("\"violations\":[\"no_entry\"]}"))
            #expect(!denied.contains("X-Target"))
            let allowed = try ProcessRunner.run("curl", ["-si", front.url + "/ok"]).stdout
            #expect(Self.header("X-Judged", in: allowed) == "1")
            #expect(Self.header("X-AgentSpec-OPA-Violations", in: allowed) == "noted")
            #expect(Self.header("Echo-Host", in: allowed) == nil)
            #expect(allowed.hasSuffix("hello"))
        }
        #expect(judge.records.map(\.0.wasReplaced) == [true, false])
    }

    @Test func aVerdictMadeLaterOnAnotherThreadIsApplied() throws {
        let judge = ScriptedJudge(.later(milliseconds: 50)) { head, _ in
            head.headers.add(name: "X-Late", value: "yes")
            return .forward
        }
        try Self.withProxy(configure: { $0.judge = judge }) { front, _ in
            let out = try ProcessRunner.run("curl", ["-si", front.url + "/a", "-X", "POST", "--data-binary", "payload"]).stdout
            #expect(Self.header("X-Late", in: out) == "yes")
            #expect(out.hasSuffix("payload"))
        }
    }

    @Test func refusedUpstreamIs502WithJSON() throws {
        let closed = try TestServer(handler: TestServer.echo)
        let deadPort = closed.port
        closed.stop()
        let proxy = try ReverseProxy(configuration: ReverseProxyConfiguration(upstream: "http://127.0.0.1:\(deadPort)"))
        let front = try TestServer { proxy.forward($0) }
        defer { front.stop() }
        let out = try ProcessRunner.run("curl", ["-si", front.url + "/x", "-H", "X-Request-Id: rid-502"]).stdout
        #expect(out.hasPrefix("HTTP/1.1 502 Bad Gateway"))
        #expect(out.contains("{\"error\":\"BadGateway\",\"message\":"))
        #expect(out.hasSuffix("\"requestId\":\"rid-502\"}"))
    }

    @Test func silentUpstreamIs504WithJSON() throws {
        let judge = ScriptedJudge { _, _ in .forward }
        try Self.withProxy(upstreamHandler: { _ in }, configure: { configuration in
            configuration.client.responseTimeoutNanos = 300_000_000
            configuration.judge = judge
        }) { front, _ in
            let out = try ProcessRunner.run("curl", ["-si", front.url + "/slow"]).stdout
            #expect(out.hasPrefix("HTTP/1.1 504 Gateway Timeout"))
            #expect(out.contains("{\"error\":\"GatewayTimeout\""))
        }
        let recorded = judge.records.map(\.0)
        #expect(recorded.count == 1)
        #expect(judge.records.first?.1 == nil, "no verdict was reached")
        #expect(recorded.first?.status == 504)
        #expect(recorded.first?.error == .responseTimeout)
    }

    @Test func slowUploadIsNotAResponseTimeout() throws {
        try Self.withProxy(configure: { $0.client.responseTimeoutNanos = 300_000_000 }) { front, _ in
            let script = """
            import http.client, sys, time
            def body():
                for i in range(6):
                    time.sleep(0.15)
                    yield b'part%d;' % i
            c = http.client.HTTPConnection('127.0.0.1', int(sys.argv[1]), timeout=10)
            c.request('POST', '/slow', body=body(), encode_chunked=True)
            r = c.getresponse()
            print(r.status, r.read().decode())
            """
            let result = try ProcessRunner.python(script, [String(front.port)])
            #expect(result.stdout == "200 part0;part1;part2;part3;part4;part5;\n", "\(result.stderr)")
        }
    }

    @Test func streamingBothWays() throws {
        let sse: HTTPServer.Handler = { exchange in
            if exchange.request.method == .post { TestServer.echo(exchange); return }
            exchange.writeHead(HTTPResponseHead(status: 200, headers: ["Content-Type": "text/event-stream"]))
            for index in 0..<50 { exchange.writeBody(Array("data: \(index)\n\n".utf8)) }
            exchange.end()
        }
        try Self.withProxy(upstreamHandler: sse) { front, _ in
            let events = try ProcessRunner.run("curl", ["-sN", front.url + "/events"]).stdout
            #expect(events.hasPrefix("data: 0\n\n") && events.hasSuffix("data: 49\n\n"))
            let payload = String(repeating: "0123456789", count: 30_000)
            let upload = try ProcessRunner.run("curl", ["-sv", "-H", "Transfer-Encoding: chunked", "-H", "Expect: 100-continue",
                                                        "--data-binary", "@-", front.url + "/up"], input: payload)
            #expect(upload.stdout == payload)
            #expect(upload.stderr.contains("100 Continue"))
        }
    }

    @Test func upstreamConnectionsAreReused() throws {
        let ports = Mutex<Set<Int>>([])
        let counting: HTTPServer.Handler = { exchange in
            let port = exchange.remoteAddress.port
            ports.withLock { _ = $0.insert(port) }
            TestServer.echo(exchange)
        }
        try Self.withProxy(upstreamHandler: counting) { front, _ in
            let urls = (0..<20).map { front.url + "/r\($0)" }
            let result = try ProcessRunner.run("curl", ["-s"] + urls)
            #expect(result.stdout == String(repeating: "hello", count: 20))
        }
        // Two proxy loops may each open one connection; never one per request.
        #expect(ports.withLock { $0.count } <= 2)
    }

    @Test func staleKeepAliveUpstreamIsRetried() throws {
        let upstream = try TestServer(configure: { $0.idleTimeoutNanos = 200_000_000 }, handler: TestServer.echo)
        defer { upstream.stop() }
        let proxy = try ReverseProxy(configuration: ReverseProxyConfiguration(upstream: upstream.url))
        let front = try TestServer { proxy.forward($0) }
        defer { front.stop() }
        let script = """
        import http.client, sys, time
        for i in range(3):
            c = http.client.HTTPConnection('127.0.0.1', int(sys.argv[1]), timeout=10)
            c.request('GET', '/x%d' % i)
            r = c.getresponse(); r.read()
            print(r.status)
            c.close()
            time.sleep(0.5)
        """
        let result = try ProcessRunner.python(script, [String(front.port)])
        #expect(result.stdout == "200\n200\n200\n", "\(result.stderr)")
    }

    @Test func slowClientDoesNotMakeTheProxyBuffer() throws {
        let total = 64 * 1024 * 1024
        let big: HTTPServer.Handler = { exchange in
            exchange.writeHead(HTTPResponseHead(status: 200, headers: ["Content-Length": String(total)]))
            var sent = 0
            let block = [UInt8](repeating: UInt8(ascii: "b"), count: 64 * 1024)
            func pump() {
                while sent < total && exchange.isWritable {
                    exchange.writeBody(block)
                    sent += block.count
                }
                if sent >= total { exchange.end() }
            }
            exchange.onWritable = pump
            pump()
        }
        try Self.withProxy(upstreamHandler: big) { front, _ in
            let before = ResidentMemory.bytes()
            let script = """
            import socket, sys, time
            s = socket.create_connection(('127.0.0.1', int(sys.argv[1])))
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 65536)
            s.sendall(b'GET /big HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n')
            n = 0
            start = time.time()
            while n < 64 * 1024 * 1024:
                d = s.recv(1 << 20)
                if not d: break
                n += len(d)
                if time.time() - start < 2: time.sleep(0.02)
            print(n)
            """
            let result = try ProcessRunner.python(script, [String(front.port)], timeout: 60)
            let grown = ResidentMemory.bytes() - before
            #expect(Int(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0 >= total)
            #expect(grown < 32 * 1024 * 1024, "RSS grew by \(grown) bytes")
        }
    }
}

/// The test process's resident set size, from /proc/self/statm.
enum ResidentMemory {
    static func bytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let pages = text.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        return pages * 4096
    }
}
