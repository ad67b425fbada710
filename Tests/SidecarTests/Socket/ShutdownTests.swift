// Graceful shutdown: in-flight requests finish, idle connections close, the port stops
// accepting.
import Foundation
import Testing
@testable import Sidecar

@Suite struct ShutdownTests {
    @Test func inFlightRequestFinishesDuringShutdown() throws {
        let server = try TestServer { exchange in
            let handle = exchange.handle
            DispatchQueue.global().asyncAfter(deadline: .now() + 0.4) {
                handle.run { $0.respond(HTTPResponseHead(status: 200), body: Array("late".utf8)) }
            }
        }
        let port = server.port
        let client = DispatchQueue(label: "client")
        let result = ResultBox()
        let started = DispatchSemaphore(value: 0)
        client.async {
            started.signal()
            result.set(try? ProcessRunner.run("curl", ["-si", "http://127.0.0.1:\(port)/slow"]))
        }
        started.wait()
        // Wait until the request is in flight: poll the server's state, no fixed sleep.
        let deadline = Date().addingTimeInterval(5)
        while !ServerProbe.hasInFlightRequest(server.server) && Date() < deadline { usleep(2000) }
        server.stop()
        let output = result.wait()?.stdout ?? ""
        #expect(output.hasPrefix("HTTP/1.1 200 OK"))
        #expect(output.contains("Connection: close"))
        #expect(output.hasSuffix("late"))
        let after = try ProcessRunner.run("curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "http://127.0.0.1:\(port)/"])
        #expect(after.stdout == "000")
    }
}

/// Reads server state for tests, on the server's loops.
enum ServerProbe {
    static func hasInFlightRequest(_ server: HTTPServer) -> Bool {
        guard let group = server.eventLoopGroup else { return false }
        let found = ResultFlag()
        let done = DispatchSemaphore(value: 0)
        for loop in group.loops {
            loop.execute {
                if let context = loop.locals[ObjectIdentifier(ServerLoopContext.self)] as? ServerLoopContext,
                   context.connections.values.contains(where: { $0.exchange != nil }) {
                    found.set()
                }
                done.signal()
            }
        }
        for _ in group.loops { done.wait() }
        return found.isSet
    }
}

/// A thread-safe flag a test sets from a handler and polls from the test thread.
final class ResultFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.lock(); value = true; lock.unlock() }
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
}

/// Hands one process result from a background queue to the test thread.
final class ResultBox: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var value: ProcessResult?
    func set(_ result: ProcessResult?) { value = result; done.signal() }
    func wait() -> ProcessResult? { done.wait(); return value }
}
