// The listening socket over real sockets: a port is ours alone (a second server on it
// fails with EADDRINUSE), a connection past the cap is answered 503 at once, and
// connections that never send a byte are closed after the header timeout, so they
// cannot hold the cap.
import Foundation
import Glibc
import Testing
@testable import Sidecar
import SystemCalls

@Suite struct ListenerTests {
    @Test func aSecondServerCannotShareThePort() throws {
        let first = try TestServer(threads: 2, handler: TestServer.echo)
        defer { first.stop() }
        let second = HTTPServer(configuration: HTTPServerConfiguration(host: "127.0.0.1", port: first.port)) { _ in }
        #expect(throws: SystemError("bind", errno: EADDRINUSE)) { try second.start() }
        // Every connection still reaches the first server.
        for index in 0..<8 {
            let client = try WireClient(port: first.port)
            client.send(PipeliningTests.get("/r\(index)"))
            #expect(client.read(responses: 1).responses.map(\.status) == [200])
        }
    }

    @Test func aPortHeldWithReusePortByAnotherProcessIsRefused() throws {
        let holder = try BackgroundProcess("python3", ["-u", "-c", """
        import socket, time
        s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        s.bind(('127.0.0.1', 0)); s.listen(8)
        print(s.getsockname()[1], flush=True)
        time.sleep(60)
        """])
        defer { holder.stop() }
        let port = try #require(Int(holder.firstLine()))
        let server = HTTPServer(configuration: HTTPServerConfiguration(host: "127.0.0.1", port: port)) { _ in }
        #expect(throws: SystemError("bind", errno: EADDRINUSE)) { try server.start() }
    }

    @Test func pastTheCapANewConnectionIsAnswered503AtOnce() throws {
        let server = try TestServer(threads: 2, configure: { $0.maxConnections = 3 }, handler: TestServer.echo)
        defer { server.stop() }
        let held = try (0..<3).map { _ in try WireClient(port: server.port) }
        for client in held {
            client.send(PipeliningTests.get("/held"))
            #expect(client.read(responses: 1).responses.map(\.status) == [200])
        }
        let refused = try WireClient(port: server.port)
        refused.send(PipeliningTests.get("/more"))
        let reply = refused.read(responses: 1)
        #expect(reply.responses.map(\.status) == [503], "\(reply)")
        #expect(reply.responses.first?.headers[first: .connection] == "close")
        #expect(reply.responses.first?.headers[first: "Retry-After"] == "1")
        #expect(reply.closed || refused.waitForClose())
        // A slot freed is a slot served.
        let freed = held[0]
        freed.send("GET /bye HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
        #expect(freed.read(responses: 1).responses.map(\.status) == [200])
        #expect(freed.waitForClose())
        let served = try Self.poll { () -> Int? in
            let client = try WireClient(port: server.port)
            client.send(PipeliningTests.get("/after"))
            let status = client.read(responses: 1).responses.first?.status
            return status == 200 ? 200 : nil
        }
        #expect(served == 200)
    }

    @Test func silentConnectionsAreClosedAfterTheHeaderTimeout() throws {
        let server = try TestServer(configure: {
            $0.maxConnections = 4
            $0.headerTimeoutNanos = 300_000_000
        }, handler: TestServer.echo)
        defer { server.stop() }
        let silent = try (0..<4).map { _ in try WireClient(port: server.port, timeout: 5) }
        // The idle timeout is a minute: only the header timeout can close them this soon.
        for client in silent { #expect(client.waitForClose()) }
        let client = try WireClient(port: server.port)
        client.send(PipeliningTests.get("/after"))
        #expect(client.read(responses: 1).responses.map(\.status) == [200])
    }

    /// Calls `body` until it answers, for at most five seconds (readiness, not a sleep).
    static func poll<T>(_ body: () throws -> T?) throws -> T? {
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline {
            if let value = try body() { return value }
            usleep(10_000)
        }
        return nil
    }
}
