// Syscall: the one wrapper around the system calls the package makes on descriptors —
// every socket (the sidecar's event loops, its listeners and connections, the health
// probes' blocking connections), epoll, eventfd, poll, the log's and the CLI's writes,
// and the manifest reader's reads.
// Invariants: EINTR is retried here and nowhere else; EAGAIN comes back as
// `.wouldBlock`; any other failure throws a SystemError naming the call and errno.
// No other file in the project calls these functions directly.
//
// Why a module of its own, below AgentSpec: the dependencies point one way (CLI →
// Sidecar → AgentSpec → PolicyVM), and AgentSpec's health probes open sockets too. The
// layer both need must sit below both; PolicyVM, which makes no system calls, stays
// without project imports.
import CSystemShims
import Glibc

/// Thin, typed wrappers around socket, epoll, eventfd, poll and write system calls.
package enum Syscall {
    /// Runs `body` until it does not fail with EINTR; maps EAGAIN to `.wouldBlock`.
    @inlinable @inline(__always)
    static func call<T: BinaryInteger>(_ operation: String, blockingIsValue: Bool = true,
                                       _ body: () -> T) throws(SystemError) -> IOResult<T> {
        while true {
            let result = body()
            if result >= 0 { return .processed(result) }
            let code = Glibc.errno
            if code == EINTR { continue }
            if blockingIsValue && (code == EAGAIN || code == EWOULDBLOCK || code == EINPROGRESS) {
                return .wouldBlock
            }
            throw SystemError(operation, errno: code)
        }
    }

    /// A call that can never block: would-block is itself an error here.
    @usableFromInline
    static func callNonBlocking<T: BinaryInteger>(_ operation: String, _ body: () -> T) throws(SystemError) -> T {
        guard case .processed(let value) = try call(operation, blockingIsValue: false, body) else {
            throw SystemError(operation, errno: EAGAIN)
        }
        return value
    }

    @inlinable
    package static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) throws(SystemError) -> IOResult<Int> {
        try call("read") { Int(cshim_read(fd, buffer.baseAddress, UInt64(buffer.count))) }
    }

    /// Sends without raising SIGPIPE on a closed peer (MSG_NOSIGNAL).
    @inlinable
    package static func send(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) throws(SystemError) -> IOResult<Int> {
        try call("send") { Int(cshim_send(fd, buffer.baseAddress, UInt64(buffer.count))) }
    }

    /// Writes all of `bytes` to `fd` (a log stream), in as many writes as it takes. Stops
    /// at the first failure or would-block: a log line is dropped rather than blocking or
    /// failing the caller.
    package static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) {
        var offset = 0
        while offset < bytes.count {
            guard case .processed(let written)? = try? call("write", { Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset) }),
                  written > 0 else { return }
            offset += written
        }
    }

    package static func close(_ fd: Int32) {
        // POSIX leaves the descriptor state unspecified after EINTR on close; Linux has
        // always released it, so retrying could close a reused descriptor. Call once.
        _ = Glibc.close(fd)
    }

    package static func shutdownWrite(_ fd: Int32) {
        _ = Glibc.shutdown(fd, CSHIM_SHUT_WR)
    }

    /// A non-blocking, close-on-exec TCP socket.
    package static func socket(family: Int32) throws(SystemError) -> Int32 {
        try callNonBlocking("socket") { cshim_socket_tcp(family) }
    }

    package static func setOption(_ fd: Int32, level: Int32, name: Int32, value: Int32, _ operation: String) throws(SystemError) {
        var value = value
        _ = try callNonBlocking(operation) {
            setsockopt(fd, level, name, &value, socklen_t(MemoryLayout<Int32>.size))
        }
    }

    package static func bind(_ fd: Int32, _ address: SocketAddress) throws(SystemError) {
        _ = try callNonBlocking("bind") { address.withSockAddr { Glibc.bind(fd, $0, $1) } }
    }

    package static func listen(_ fd: Int32, backlog: Int32) throws(SystemError) {
        _ = try callNonBlocking("listen") { Glibc.listen(fd, backlog) }
    }

    /// Starts a non-blocking connect; `.wouldBlock` means in progress (EINPROGRESS).
    package static func connect(_ fd: Int32, _ address: SocketAddress) throws(SystemError) -> IOResult<Int32> {
        try call("connect") { address.withSockAddr { Glibc.connect(fd, $0, $1) } }
    }

    /// Accepts one connection as a non-blocking, close-on-exec socket.
    package static func accept(_ fd: Int32) throws(SystemError) -> IOResult<(Int32, SocketAddress)> {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let result = try call("accept") {
            withUnsafeMutablePointer(to: &storage) {
                cshim_accept(fd, $0, &length)
            }
        }
        switch result {
        case .wouldBlock: return .wouldBlock
        case .processed(let client): return .processed((client, SocketAddress(storage: storage, length: length)))
        }
    }

    /// The pending error of a socket (how a non-blocking connect reports failure).
    package static func socketError(_ fd: Int32) throws(SystemError) -> Int32 {
        var value: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        _ = try callNonBlocking("getsockopt(SO_ERROR)") { getsockopt(fd, SOL_SOCKET, SO_ERROR, &value, &length) }
        return value
    }

    package static func localAddress(_ fd: Int32) throws(SystemError) -> SocketAddress {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = try callNonBlocking("getsockname") {
            withUnsafeMutablePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
            }
        }
        return SocketAddress(storage: storage, length: length)
    }

    /// What `poll` waits for on one descriptor.
    package enum Readiness {
        case readable, writable

        var events: Int16 { self == .readable ? Int16(POLLIN) : Int16(POLLOUT) }
    }

    /// Waits until `fd` is ready or `remainingMilliseconds()` runs out (asked again after
    /// an interrupted wait, so a signal never stretches the wait past its deadline).
    /// True when ready (an error or hang-up counts: the next call on `fd` reports it).
    package static func poll(_ fd: Int32, for readiness: Readiness,
                             remainingMilliseconds: () -> Int32) throws(SystemError) -> Bool {
        var descriptor = pollfd(fd: fd, events: readiness.events, revents: 0)
        while true {
            let timeout = remainingMilliseconds()
            if timeout == 0 { return false }
            let ready = Glibc.poll(&descriptor, 1, timeout)
            if ready > 0 { return true }
            if ready == 0 { return false }
            if Glibc.errno != EINTR { throw SystemError("poll", errno: Glibc.errno) }
        }
    }

    package static func epollCreate() throws(SystemError) -> Int32 {
        try callNonBlocking("epoll_create1") { cshim_epoll_create() }
    }

    package static func epollControl(_ epfd: Int32, _ op: Int32, _ fd: Int32, events: UInt32) throws(SystemError) {
        _ = try callNonBlocking("epoll_ctl") { cshim_epoll_ctl(epfd, op, fd, events) }
    }

    package static func epollWait(_ epfd: Int32, fds: UnsafeMutablePointer<Int32>, masks: UnsafeMutablePointer<UInt32>,
                                  capacity: Int32, timeoutMs: Int32) throws(SystemError) -> Int {
        let result = try call("epoll_wait", blockingIsValue: false) {
            cshim_epoll_wait(epfd, fds, masks, capacity, timeoutMs)
        }
        if case .processed(let count) = result { return Int(count) }
        return 0
    }

    package static func eventfd() throws(SystemError) -> Int32 {
        try callNonBlocking("eventfd") { cshim_eventfd() }
    }

    /// Adds one to an eventfd counter (wakes the loop). A full counter already wakes it.
    package static func eventfdSignal(_ fd: Int32) {
        var one: UInt64 = 1
        _ = try? call("write(eventfd)") { Glibc.write(fd, &one, 8) }
    }

    /// Resets an eventfd counter.
    package static func eventfdDrain(_ fd: Int32) {
        var value: UInt64 = 0
        _ = try? call("read(eventfd)") { Glibc.read(fd, &value, 8) }
    }
}
