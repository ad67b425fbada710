// SystemError and IOResult: how a failed or would-block syscall is reported.
// Invariant: every failure carries errno and the operation's name (and, for a name that
// does not resolve, the resolver's own words); would-block is a value, not an error, so
// callers cannot mistake back-pressure for failure.
import Glibc

/// A failed system call: the operation's name and errno.
package struct SystemError: Error, Sendable, Equatable, CustomStringConvertible {
    package var operation: String
    package var errno: Int32
    /// Why, when errno does not say it (getaddrinfo's own message for a name that does
    /// not resolve); nil when errno's text is the reason.
    package var detail: String?

    package init(_ operation: String, errno: Int32, detail: String? = nil) {
        self.operation = operation
        self.errno = errno
        self.detail = detail
    }

    package var description: String {
        if let detail { return "\(operation) failed: \(detail)" }
        return "\(operation) failed: \(String(cString: strerror(errno))) (errno \(errno))"
    }

    /// The error's text in lowercase, to follow a colon: "address already in use".
    package var reason: String { (detail ?? String(cString: strerror(errno))).lowercased() }

    /// The peer refused the connection (nothing listens on the port).
    package var isConnectionRefused: Bool { errno == ECONNREFUSED }
    /// The peer reset the connection or the pipe broke.
    package var isConnectionReset: Bool { errno == ECONNRESET || errno == EPIPE || errno == ECONNABORTED }
    /// No route to the peer.
    package var isUnreachable: Bool {
        errno == ENETUNREACH || errno == EHOSTUNREACH || errno == EADDRNOTAVAIL || errno == ENETDOWN
    }
}

/// The outcome of a non-blocking operation that did not fail.
package enum IOResult<Value> {
    /// The operation completed with this value.
    case processed(Value)
    /// The operation would have blocked (EAGAIN / EWOULDBLOCK / EINPROGRESS).
    case wouldBlock
}

extension IOResult: Sendable where Value: Sendable {}
