// The public HTTPClient against in-process servers: buffered GET and POST, pooled
// reuse, and errors that tell refused from timed out.
import Foundation
import Synchronization
import Testing
@testable import Sidecar

@Suite struct HTTPClientTests {
    @Test func getAndPostOverAPooledConnection() async throws {
        let ports = Mutex<Set<Int>>([])
        // Parallel tests can starve this task past the server's 60 s keep-alive idle
        // timeout too (seen at a load average of 9): the server keeps it as long.
        let server = try TestServer(configure: { $0.idleTimeoutNanos = 300_000_000_000 }) { exchange in
            let port = exchange.remoteAddress.port
            ports.withLock { _ = $0.insert(port) }
            TestServer.echo(exchange)
        }
        defer { server.stop() }
        // Parallel tests can starve this task for seconds; keep the idle connection anyway.
        var configuration = HTTPClientConfiguration()
        configuration.poolIdleTimeoutNanos = 300_000_000_000
        let client = try HTTPClient(configuration: configuration)
        defer { client.shutdown() }
        let get = try await client.send(HTTPClientRequest(url: server.url + "/a?b=c"))
        #expect(get.head.status == 200)
        #expect(get.head.headers[first: "X-Target"] == "/a?b=c")
        #expect(String(decoding: get.body, as: UTF8.self) == "hello")
        let post = try await client.send(HTTPClientRequest(url: server.url + "/p", method: .post,
                                                           headers: ["Content-Type": "application/json"],
                                                           body: Array(#"{"input":{}}"#.utf8)))
        #expect(String(decoding: post.body, as: UTF8.self) == #"{"input":{}}"#)
        #expect(ports.withLock { $0.count } == 1)
    }

    @Test func refusedIsDistinctFromTimeout() async throws {
        let closed = try TestServer(handler: TestServer.echo)
        let deadURL = closed.url
        closed.stop()
        let silent = try TestServer { _ in }
        defer { silent.stop() }
        let client = try HTTPClient()
        defer { client.shutdown() }
        do {
            _ = try await client.send(HTTPClientRequest(url: deadURL + "/"))
            Issue.record("expected a failure")
        } catch {
            #expect(error == .connectionRefused)
        }
        do {
            _ = try await client.send(HTTPClientRequest(url: silent.url + "/", timeoutNanos: 200_000_000))
            Issue.record("expected a failure")
        } catch {
            #expect(error == .responseTimeout)
            #expect(error.isTimeout)
        }
    }

    @Test func invalidURLIsAnError() async throws {
        let client = try HTTPClient()
        defer { client.shutdown() }
        await #expect(throws: HTTPClientError.self) { try await client.send(HTTPClientRequest(url: "localhost:1/x")) }
    }

    /// A body past the request's limit fails the request instead of being held whole
    /// (a bundle server the sidecar does not control); at the limit it is delivered.
    @Test func aBodyPastTheLimitIsRefused() async throws {
        let server = try TestServer(handler: TestServer.echo)
        defer { server.stop() }
        let client = try HTTPClient()
        defer { client.shutdown() }
        let body = [UInt8](repeating: 0x61, count: 64 * 1024)
        let exact = try await client.send(HTTPClientRequest(url: server.url + "/", method: .post, body: body,
                                                            maxResponseBodyBytes: body.count))
        #expect(exact.body.count == body.count)
        do {
            _ = try await client.send(HTTPClientRequest(url: server.url + "/", method: .post, body: body,
                                                        maxResponseBodyBytes: body.count - 1))
            Issue.record("expected a failure")
        } catch {
            #expect(error == .responseTooLarge(limit: body.count - 1))
        }
    }
}
