// Syscall: the one wrapper around the system calls the network layer makes.
// Invariants: EINTR is retried here and nowhere else; EAGAIN comes back as
// `.wouldBlock`; any other failure throws a SystemError naming the call and errno.
// No other file in the project calls these functions directly.
import CSystemShims
import Glibc

/// Thin, typed wrappers around socket, epoll and eventfd system calls.
enum Syscall {
    /// Runs `body` until it does not fail with EINTR; maps EAGAIN to `.wouldBlock`.
    @inline(__always)
    private static func call<T: BinaryInteger>(_ operation: String, blockingIsValue: Bool = true,
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
    private static func callNonBlocking<T: BinaryInteger>(_ operation: String, _ body: () -> T) throws(SystemError) -> T {
        guard case .processed(let value) = try call(operation, blockingIsValue: false, body) else {
            throw SystemError(operation, errno: EAGAIN)
        }
        return value
    }

    static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) throws(SystemError) -> IOResult<Int> {
        try call("read") { Int(cshim_read(fd, buffer.baseAddress, UInt64(buffer.count))) }
    }

    /// Sends without raising SIGPIPE on a closed peer (MSG_NOSIGNAL).
    static func send(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) throws(SystemError) -> IOResult<Int> {
        try call("send") { Int(cshim_send(fd, buffer.baseAddress, UInt64(buffer.count))) }
    }

    static func close(_ fd: Int32) {
        // POSIX leaves the descriptor state unspecified after EINTR on close; Linux has
        // always released it, so retrying could close a reused descriptor. Call once.
        _ = Glibc.close(fd)
    }

    static func shutdownWrite(_ fd: Int32) {
        _ = Glibc.shutdown(fd, CSHIM_SHUT_WR)
    }

    static func socket(family: Int32) throws(SystemError) -> Int32 {
        try callNonBlocking("socket") { cshim_socket_tcp(family) }
    }

    static func setOption(_ fd: Int32, level: Int32, name: Int32, value: Int32, _ operation: String) throws(SystemError) {
        var value = value
        _ = try callNonBlocking(operation) {
            setsockopt(fd, level, name, &value, socklen_t(MemoryLayout<Int32>.size))
        }
    }

    static func bind(_ fd: Int32, _ address: SocketAddress) throws(SystemError) {
        _ = try callNonBlocking("bind") { address.withSockAddr { Glibc.bind(fd, $0, $1) } }
    }

    static func listen(_ fd: Int32, backlog: Int32) throws(SystemError) {
        _ = try callNonBlocking("listen") { Glibc.listen(fd, backlog) }
    }

    /// Starts a non-blocking connect; `.wouldBlock` means in progress (EINPROGRESS).
    static func connect(_ fd: Int32, _ address: SocketAddress) throws(SystemError) -> IOResult<Int32> {
        try call("connect") { address.withSockAddr { Glibc.connect(fd, $0, $1) } }
    }

    /// Accepts one connection as a non-blocking, close-on-exec socket.
    static func accept(_ fd: Int32) throws(SystemError) -> IOResult<(Int32, SocketAddress)> {
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
    static func socketError(_ fd: Int32) throws(SystemError) -> Int32 {
        var value: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        _ = try callNonBlocking("getsockopt(SO_ERROR)") { getsockopt(fd, SOL_SOCKET, SO_ERROR, &value, &length) }
        return value
    }

    static func localAddress(_ fd: Int32) throws(SystemError) -> SocketAddress {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = try callNonBlocking("getsockname") {
            withUnsafeMutablePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
            }
        }
        return SocketAddress(storage: storage, length: length)
    }

    static func epollCreate() throws(SystemError) -> Int32 {
        try callNonBlocking("epoll_create1") { cshim_epoll_create() }
    }

    static func epollControl(_ epfd: Int32, _ op: Int32, _ fd: Int32, events: UInt32) throws(SystemError) {
        _ = try callNonBlocking("epoll_ctl") { cshim_epoll_ctl(epfd, op, fd, events) }
    }

    static func epollWait(_ epfd: Int32, fds: UnsafeMutablePointer<Int32>, masks: UnsafeMutablePointer<UInt32>,
                          capacity: Int32, timeoutMs: Int32) throws(SystemError) -> Int {
        let result = try call("epoll_wait", blockingIsValue: false) {
            cshim_epoll_wait(epfd, fds, masks, capacity, timeoutMs)
        }
        if case .processed(let count) = result { return Int(count) }
        return 0
    }

    static func eventfd() throws(SystemError) -> Int32 {
        try callNonBlocking("eventfd") { cshim_eventfd() }
    }

    /// Adds one to an eventfd counter (wakes the loop). A full counter already wakes it.
    static func eventfdSignal(_ fd: Int32) {
        var one: UInt64 = 1
        _ = try? call("write(eventfd)") { Glibc.write(fd, &one, 8) }
    }

    /// Resets an eventfd counter.
    static func eventfdDrain(_ fd: Int32) {
        var value: UInt64 = 0
        _ = try? call("read(eventfd)") { Glibc.read(fd, &value, 8) }
    }
}
