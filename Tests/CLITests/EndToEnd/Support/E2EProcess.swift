// E2EProcess: a child process of an end-to-end test (the built `agentspec`, a Python
// upstream, OPA, curl) run in the background with its stdout/stderr captured to files.
// Invariant: every process started here is killed by its test's `stop()`, and any
// survivor is killed when the test process exits, so no run leaves processes behind.
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Why an end-to-end step failed (the message says what was awaited and what was seen).
struct E2EError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A background child process with captured output.
final class BackgroundProcess: @unchecked Sendable {
    let name: String
    let stdoutURL: URL
    let stderrURL: URL
    private let process = Process()

    init(name: String, executable: String, arguments: [String], environment: [String: String], directory: URL) throws {
        self.name = name
        stdoutURL = directory.appendingPathComponent("\(name).stdout")
        stderrURL = directory.appendingPathComponent("\(name).stderr")
        _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = directory
        process.standardOutput = try FileHandle(forWritingTo: stdoutURL)
        process.standardError = try FileHandle(forWritingTo: stderrURL)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        ProcessRegistry.shared.add(process.processIdentifier)
    }

    var pid: Int32 { process.processIdentifier }
    var isRunning: Bool { process.isRunning }
    var stdout: String { (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? "" }
    var stderr: String { (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "" }
    /// Both outputs, for failure messages.
    var output: String { "[\(name) stdout]\n\(stdout)\n[\(name) stderr]\n\(stderr)" }

    func send(_ signal: Int32) { if process.isRunning { kill(process.processIdentifier, signal) } }

    /// The exit status once the process has ended within `timeout` seconds, else nil.
    func exitStatus(within timeout: Double) async -> Int32? {
        let ended = try? await poll("\(name) to exit", timeout: timeout) { self.process.isRunning ? nil : true }
        return ended == nil ? nil : process.terminationStatus
    }

    /// Kills the process (SIGKILL: cleanup needs no grace) and reaps it.
    func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        ProcessRegistry.shared.remove(process.processIdentifier)
    }
}

/// Every live child, killed at exit if a test could not stop it.
final class ProcessRegistry: @unchecked Sendable {
    static let shared = ProcessRegistry()
    private let lock = NSLock()
    private var pids: Set<Int32> = []

    private init() {
        atexit {
            for pid in ProcessRegistry.shared.snapshot() { kill(pid, SIGKILL) }
        }
    }

    func add(_ pid: Int32) { lock.withLock { _ = pids.insert(pid) } }
    func remove(_ pid: Int32) { lock.withLock { _ = pids.remove(pid) } }
    func snapshot() -> Set<Int32> { lock.withLock { pids } }
}

/// Calls `body` until it returns a value, every `interval` seconds, for at most
/// `timeout` seconds (readiness polling: the tests never sleep for a fixed time). The
/// ceiling is generous because a loaded 2-core machine running the suites in parallel
/// can take many seconds to start a process; a ready server ends the wait at once.
func poll<T>(_ what: String, timeout: Double = 30, interval: Double = 0.02, _ body: () async throws -> T?) async throws -> T {
    let deadline = Date().addingTimeInterval(timeout)
    var lastError: Error?
    while true {
        do {
            if let value = try await body() { return value }
        } catch {
            lastError = error
        }
        if Date() > deadline {
            throw E2EError("timed out after \(timeout) s waiting for \(what)" + (lastError.map { " (last error: \($0))" } ?? ""))
        }
        try await Task.sleep(nanoseconds: UInt64(interval * 1e9))
    }
}

/// Runs blocking work (a child process, a pipe read) off Swift's cooperative threads,
/// so many end-to-end tests can wait at once.
func offload<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
    }
}

/// A port on 127.0.0.1 that was free a moment ago (bind port 0, read it, close). Callers
/// retry when a server then fails to bind it.
func freePort() throws -> Int {
    try ClosedPort().port
}

/// Whether a TCP connection to 127.0.0.1:`port` is accepted right now.
func acceptsConnections(_ port: Int) -> Bool {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_port = UInt16(port).bigEndian
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    return withUnsafePointer(to: &addr) { p in
        p.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
    }
}

/// A loopback port that refuses connections for as long as this value lives: bound, never
/// listening. A port from `freePort()` is free only until someone else binds it — under
/// parallel tests another test's server did, and a "closed" OPA answered decisions.
final class ClosedPort: @unchecked Sendable {
    let port: Int
    private let fd: Int32

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw E2EError("socket() failed: errno \(errno)") }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &addr) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) == 0 && getsockname(fd, $0, &len) == 0 }
        }
        guard bound else { close(fd); throw E2EError("bind(127.0.0.1:0) failed: errno \(errno)") }
        self.fd = fd
        port = Int(UInt16(bigEndian: addr.sin_port))
    }

    var url: String { "http://127.0.0.1:\(port)" }

    deinit { close(fd) }
}
