// The server with curl on 127.0.0.1: keep-alive, chunked upload, Expect: 100-continue,
// HEAD. Each test starts its own server on an ephemeral port and stops it.
import Testing
@testable import Sidecar

@Suite struct CurlTests {
    @Test func keepAliveReusesTheConnection() throws {
        let server = try TestServer(handler: TestServer.echo)
        defer { server.stop() }
        let result = try ProcessRunner.run("curl", ["-sv", server.url + "/a", server.url + "/b"])
        #expect(result.stdout == "hellohello")
        #expect(result.stderr.contains("Re-using existing connection") || result.stderr.contains("Reusing existing"))
        #expect(result.stderr.components(separatedBy: "< HTTP/1.1 200 OK").count == 3)
    }

    @Test func chunkedUpload() throws {
        let server = try TestServer(handler: TestServer.echo)
        defer { server.stop() }
        let payload = String(repeating: "chunked-body-", count: 5000)
        let result = try ProcessRunner.run("curl", ["-s", "-H", "Transfer-Encoding: chunked", "--data-binary", "@-", server.url + "/up"],
                                           input: payload)
        #expect(result.stdout == payload)
    }

    @Test func expectContinue() throws {
        let server = try TestServer(handler: TestServer.echo)
        defer { server.stop() }
        let payload = String(repeating: "x", count: 200_000)
        let result = try ProcessRunner.run("curl", ["-sv", "-H", "Expect: 100-continue", "--data-binary", "@-", server.url + "/up"],
                                           input: payload)
        #expect(result.stderr.contains("HTTP/1.1 100 Continue"))
        #expect(result.stderr.contains("HTTP/1.1 200 OK"))
        #expect(result.stdout.count == payload.count)
    }

    @Test func expectContinueRejectedBeforeBody() throws {
        let server = try TestServer { exchange in
            exchange.maxRequestBodyBytes = 1000
            if let length = exchange.request.headers[first: "Content-Length"].flatMap(Int.init), length > 1000 {
                exchange.respondError(status: 413, message: "too large")
                return
            }
            TestServer.echo(exchange)
        }
        defer { server.stop() }
        let result = try ProcessRunner.run("curl", ["-sv", "-H", "Expect: 100-continue", "--data-binary", "@-", server.url + "/up"],
                                           input: String(repeating: "x", count: 5000))
        #expect(!result.stderr.contains("100 Continue"))
        #expect(result.stderr.contains("HTTP/1.1 413"))
    }

    @Test func headHasHeadersButNoBody() throws {
        let server = try TestServer(handler: TestServer.echo)
        defer { server.stop() }
        let result = try ProcessRunner.run("curl", ["-sI", server.url + "/"])
        #expect(result.stdout.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(result.stdout.contains("Content-Length: 5\r\n"))
        #expect(result.stdout.hasSuffix("\r\n\r\n"))
    }

    @Test func streamedChunkedResponse() throws {
        let server = try TestServer { exchange in
            exchange.writeHead(HTTPResponseHead(status: 200, headers: ["Content-Type": "text/event-stream"]))
            var sent = 0
            func pump() {
                while sent < 100 && exchange.isWritable {
                    exchange.writeBody(Array("data: \(sent)\n\n".utf8))
                    sent += 1
                }
                if sent == 100 { exchange.end() }
            }
            exchange.onWritable = pump
            pump()
        }
        defer { server.stop() }
        let result = try ProcessRunner.run("curl", ["-sN", server.url + "/events"])
        #expect(result.stdout.hasPrefix("data: 0\n\ndata: 1\n\n"))
        #expect(result.stdout.hasSuffix("data: 99\n\n"))
    }
}
