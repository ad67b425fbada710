// TCPConnection: a blocking TCP client with a deadline on every step, for health probes
// only (the sidecar has its own HTTP layer). Resolution with getaddrinfo, a
// non-blocking connect waited on with poll(2), sends and receives likewise; EINTR is
// retried. Invariant: no call blocks past the deadline (getaddrinfo excepted, which
// the health runner bounds by abandoning the check).
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Why a probe's network step failed, in words an operator can act on.
public struct ProbeError: Error, Sendable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}

/// One open TCP connection.
final class TCPConnection {
    private let fd: Int32
    let deadline: Deadline
    let endpoint: String

    /// Resolves `host` and connects to the first address that accepts.
    init(host: String, port: Int, deadline: Deadline) throws(ProbeError) {
        self.deadline = deadline
        endpoint = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(host, String(port), &hints, &list)
        guard rc == 0, let first = list else {
            throw ProbeError("cannot resolve host \(host): \(String(cString: gai_strerror(rc)))")
        }
        defer { freeaddrinfo(list) }
        var lastError = "no address"
        var node: UnsafeMutablePointer<addrinfo>? = first
        while let ai = node {
            node = ai.pointee.ai_next
            let s = socket(ai.pointee.ai_family, ai.pointee.ai_socktype | Int32(SOCK_CLOEXEC.rawValue), ai.pointee.ai_protocol)
            guard s >= 0 else { lastError = String(cString: strerror(errno)); continue }
            _ = fcntl(s, F_SETFL, fcntl(s, F_GETFL) | O_NONBLOCK)
            if Glibc.connect(s, ai.pointee.ai_addr, ai.pointee.ai_addrlen) == 0 || errno == EINPROGRESS {
                switch Self.wait(s, events: Int16(POLLOUT), deadline: deadline) {
                case .ready:
                    var err: Int32 = 0
                    var len = socklen_t(MemoryLayout<Int32>.size)
                    getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &len)
                    if err == 0 { fd = s; return }
                    lastError = err == ECONNREFUSED ? "connection refused" : String(cString: strerror(err))
                case .timedOut:
                    lastError = "no answer to connect before the timeout"
                case .failed(let e):
                    lastError = e
                }
            } else {
                lastError = errno == ECONNREFUSED ? "connection refused" : String(cString: strerror(errno))
            }
            close(s)
            if deadline.hasPassed { break }
        }
        throw ProbeError("\(lastError) at \(endpoint)")
    }

    deinit { close(fd) }

    enum WaitResult { case ready, timedOut, failed(String) }

    static func wait(_ fd: Int32, events: Int16, deadline: Deadline) -> WaitResult {
        var p = pollfd(fd: fd, events: events, revents: 0)
        while true {
            let ms = deadline.remainingMilliseconds
            if ms == 0 { return .timedOut }
            let n = poll(&p, 1, ms)
            if n > 0 { return .ready }
            if n == 0 { return .timedOut }
            if errno != EINTR { return .failed(String(cString: strerror(errno))) }
        }
    }

    func send(_ bytes: [UInt8]) throws(ProbeError) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n > 0 { offset += n; continue }
            if n < 0 && errno == EINTR { continue }
            if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                guard case .ready = Self.wait(fd, events: Int16(POLLOUT), deadline: deadline) else {
                    throw ProbeError("\(endpoint) stopped accepting data")
                }
                continue
            }
            throw ProbeError("sending to \(endpoint) failed: \(String(cString: strerror(errno)))")
        }
    }

    /// Reads until `isComplete` says the bytes so far suffice, the peer closes, or
    /// `limit` bytes arrived. Throws only when nothing at all arrived in time.
    func receive(limit: Int = 4096, until isComplete: ([UInt8]) -> Bool) throws(ProbeError) -> [UInt8] {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1024)
        while received.count < limit && !isComplete(received) {
            switch Self.wait(fd, events: Int16(POLLIN), deadline: deadline) {
            case .ready: break
            case .timedOut:
                if received.isEmpty { throw ProbeError("\(endpoint) accepted the connection but did not answer before the timeout") }
                return received
            case .failed(let e): throw ProbeError("reading from \(endpoint) failed: \(e)")
            }
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n > 0 { received += buffer[..<n]; continue }
            if n < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) { continue }
            if received.isEmpty {
                throw ProbeError(n == 0 ? "\(endpoint) closed the connection without answering"
                                        : "reading from \(endpoint) failed: \(String(cString: strerror(errno)))")
            }
            return received
        }
        return received
    }
}
