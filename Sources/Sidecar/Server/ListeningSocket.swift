// ListeningSocket: a server's one listening socket, shared by all its event loops, with
// the connection budget they draw from.
// Invariants: bound without SO_REUSEPORT, so no other process — another sidecar
// included — can bind the same port beside us (bind fails with EADDRINUSE, ours or
// theirs); a wildcard holds the port on IPv6 as well as IPv4, and a loopback address
// holds the other family's loopback too; closed exactly once, by the last loop that lets
// go of it.
import CSystemShims
import Glibc
import Synchronization
import SystemCalls

/// The listening socket of one server.
final class ListeningSocket: Sendable {
    let fd: Int32
    /// The socket holding the other family's loopback (`holdOtherLoopback`), if any.
    let loopbackGuard: Int32?
    let budget: ConnectionBudget
    private let holders: Atomic<Int>

    /// Wraps a listening `fd` that `holders` loops will watch and release.
    init(fd: Int32, loopbackGuard: Int32? = nil, holders: Int, budget: ConnectionBudget) {
        self.fd = fd
        self.loopbackGuard = loopbackGuard
        self.budget = budget
        self.holders = Atomic(holders)
    }

    /// One loop is done with the socket; the last one closes it, so new clients are
    /// refused by the kernel from then on.
    func release() {
        if holders.subtract(1, ordering: .acquiringAndReleasing).newValue == 0 {
            Syscall.close(fd)
            if let loopbackGuard { Syscall.close(loopbackGuard) }
        }
    }

    /// For a server on a loopback address (`address`, with the port it got), a socket
    /// bound to the other family's loopback on the same port — not listening, without
    /// SO_REUSEADDR, so no other process can bind there: a client of `localhost` that
    /// tries `::1` first (most systems) is refused and falls back to the server, instead
    /// of being answered by whatever listens on [::1]:port. Nil for other addresses, and
    /// on a host without the other family.
    static func holdOtherLoopback(of address: SocketAddress) throws(SystemError) -> Int32? {
        guard let other = address.otherLoopback else { return nil }
        let fd: Int32
        do { fd = try Syscall.socket(family: other.family) } catch {
            if [EAFNOSUPPORT, EPROTONOSUPPORT].contains(error.errno) { return nil }
            throw error
        }
        do {
            try Syscall.bind(fd, other)
        } catch {
            Syscall.close(fd)
            if [EADDRNOTAVAIL, EAFNOSUPPORT].contains(error.errno) { return nil }
            throw error
        }
        return fd
    }

    /// Creates a bound, listening, non-blocking socket. SO_REUSEADDR only lets us bind
    /// over connections of an earlier run still in TIME_WAIT; on Linux it never lets two
    /// sockets listen on one address. SO_REUSEPORT would, so it is never set: with it, a
    /// second process could silently take half of our traffic.
    ///
    /// A wildcard address is bound as IPv6 `::` with IPV6_V6ONLY off, one socket that
    /// holds the port on every IPv4 and IPv6 address. An IPv4 socket on 0.0.0.0 alone
    /// would leave [::]:port and [::1]:port free for another process, which then gets
    /// every client that reaches the host over IPv6 — `localhost` is ::1 first on most
    /// systems. A host without IPv6 gets the IPv4 wildcard.
    static func bind(address: SocketAddress, backlog: Int32 = 1024) throws(SystemError) -> Int32 {
        if address.isWildcard {
            do {
                return try bindOne(SocketAddress.ipv6Wildcard(port: address.port), dualStack: true, backlog: backlog)
            } catch {
                // No IPv6 on this host (nothing can listen on it either): IPv4 alone.
                guard address.family == AF_INET, [EAFNOSUPPORT, EADDRNOTAVAIL, EPROTONOSUPPORT].contains(error.errno) else { throw error }
            }
        }
        return try bindOne(address, dualStack: false, backlog: backlog)
    }

    private static func bindOne(_ address: SocketAddress, dualStack: Bool, backlog: Int32) throws(SystemError) -> Int32 {
        let fd = try Syscall.socket(family: address.family)
        do {
            try Syscall.setOption(fd, level: SOL_SOCKET, name: SO_REUSEADDR, value: 1, "setsockopt(SO_REUSEADDR)")
            if dualStack {
                // Set whatever net.ipv6.bindv6only says: the default it gives may be on.
                try Syscall.setOption(fd, level: CSHIM_IPPROTO_IPV6, name: CSHIM_IPV6_V6ONLY, value: 0, "setsockopt(IPV6_V6ONLY)")
            }
            try Syscall.bind(fd, address)
            try Syscall.listen(fd, backlog: backlog)
        } catch {
            Syscall.close(fd)
            throw error
        }
        return fd
    }
}
