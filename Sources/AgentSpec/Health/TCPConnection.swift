// TCPConnection: a TCP client with a deadline on every step, for health probes only
// (the sidecar has its own HTTP layer). Every system call goes through SystemCalls'
// `Syscall` (the package's one syscall layer): a non-blocking socket, its connect, sends
// and receives each waited on with poll(2) until the deadline. Invariant: no call
// blocks past the deadline (name resolution excepted, which the health runner bounds by
// abandoning the check).
import SystemCalls

/// Why a probe's network step failed, in words an operator can act on.
struct ProbeError: Error, Sendable, CustomStringConvertible {
    var description: String
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
        let addresses: [SocketAddress]
        do { addresses = try SocketAddress.resolve(host: host, port: port) } catch {
            throw ProbeError("cannot resolve host \(host): \(error.detail ?? error.reason)")
        }
        var lastError = "no address"
        for address in addresses {
            let socket: Int32
            do { socket = try Syscall.socket(family: address.family) } catch {
                lastError = error.reason
                continue
            }
            do {
                if case .processed = try Syscall.connect(socket, address) {
                    fd = socket
                    return
                }
                // In progress: writable once connected or refused; SO_ERROR says which.
                if try Syscall.poll(socket, for: .writable, remainingMilliseconds: { deadline.remainingMilliseconds }) {
                    let code = try Syscall.socketError(socket)
                    if code == 0 {
                        fd = socket
                        return
                    }
                    lastError = SystemError("connect", errno: code).reason
                } else {
                    lastError = "no answer to connect before the timeout"
                }
            } catch {
                lastError = error.reason
            }
            Syscall.close(socket)
            if deadline.hasPassed { break }
        }
        throw ProbeError("\(lastError) at \(endpoint)")
    }

    deinit { Syscall.close(fd) }

    /// Whether `fd` became ready before the deadline.
    private func wait(for readiness: Syscall.Readiness) throws(ProbeError) -> Bool {
        do {
            return try Syscall.poll(fd, for: readiness, remainingMilliseconds: { deadline.remainingMilliseconds })
        } catch {
            throw ProbeError("waiting on \(endpoint) failed: \(error.reason)")
        }
    }

    func send(_ bytes: [UInt8]) throws(ProbeError) {
        var offset = 0
        while offset < bytes.count {
            let result = bytes[offset...].withUnsafeBytes { raw in
                Result { () throws(SystemError) in try Syscall.send(fd, raw) }
            }
            switch result {
            case .failure(let error):
                throw ProbeError("sending to \(endpoint) failed: \(error.reason)")
            case .success(.processed(let sent)):
                offset += sent
            case .success(.wouldBlock):
                guard try wait(for: .writable) else { throw ProbeError("\(endpoint) stopped accepting data") }
            }
        }
    }

    /// Reads until `isComplete` says the bytes so far suffice, the peer closes, or
    /// `limit` bytes arrived. Throws only when nothing at all arrived in time.
    func receive(limit: Int = 4096, until isComplete: ([UInt8]) -> Bool) throws(ProbeError) -> [UInt8] {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1024)
        while received.count < limit && !isComplete(received) {
            guard try wait(for: .readable) else {
                if received.isEmpty { throw ProbeError("\(endpoint) accepted the connection but did not answer before the timeout") }
                return received
            }
            let result = buffer.withUnsafeMutableBytes { raw in
                Result { () throws(SystemError) in try Syscall.read(fd, into: raw) }
            }
            switch result {
            case .failure(let error):
                if received.isEmpty { throw ProbeError("reading from \(endpoint) failed: \(error.reason)") }
                return received
            case .success(.wouldBlock):
                continue
            case .success(.processed(0)):
                if received.isEmpty { throw ProbeError("\(endpoint) closed the connection without answering") }
                return received
            case .success(.processed(let count)):
                received += buffer[..<count]
            }
        }
        return received
    }
}
