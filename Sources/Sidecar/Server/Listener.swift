// Listener: a listening socket on one event loop, accepting into ServerConnections.
// Invariants: accepted sockets are non-blocking, close-on-exec and TCP_NODELAY; the
// listener is paused (not polled) while its loop is at the connection cap.
import CSystemShims
import Glibc

/// Accepts connections for one loop (each loop has its own SO_REUSEPORT socket).
final class Listener: IOHandler {
    let fd: Int32
    let loop: EventLoop
    let context: ServerLoopContext
    private var isAccepting = true
    private var isClosed = false

    init(fd: Int32, loop: EventLoop, context: ServerLoopContext) {
        self.fd = fd
        self.loop = loop
        self.context = context
    }

    /// Creates a bound, listening, non-blocking socket with SO_REUSEPORT.
    static func makeSocket(address: SocketAddress, backlog: Int32 = 1024) throws(SystemError) -> Int32 {
        let fd = try Syscall.socket(family: address.family)
        do {
            try Syscall.setOption(fd, level: SOL_SOCKET, name: SO_REUSEADDR, value: 1, "setsockopt(SO_REUSEADDR)")
            try Syscall.setOption(fd, level: SOL_SOCKET, name: CSHIM_SO_REUSEPORT, value: 1, "setsockopt(SO_REUSEPORT)")
            try Syscall.bind(fd, address)
            try Syscall.listen(fd, backlog: backlog)
        } catch {
            Syscall.close(fd)
            throw error
        }
        return fd
    }

    func start() throws(SystemError) {
        try loop.register(fd, handler: self, events: CSHIM_EPOLLIN)
    }

    func handleIO(events: UInt32) {
        // Bounded batch so one busy listener cannot starve established connections.
        for _ in 0..<64 {
            guard isAccepting, !isClosed else { return }
            let accepted: IOResult<(Int32, SocketAddress)>
            do {
                accepted = try Syscall.accept(fd)
            } catch {
                // EMFILE/ENFILE and friends: skip this round; the sweep tick retries.
                return
            }
            guard case .processed(let (clientFD, address)) = accepted else { return }
            try? Syscall.setOption(clientFD, level: CSHIM_IPPROTO_TCP, name: CSHIM_TCP_NODELAY, value: 1, "setsockopt(TCP_NODELAY)")
            let connection = ServerConnection(fd: clientFD, loop: loop, context: context, remoteAddress: address)
            do {
                try connection.start()
            } catch {
                Syscall.close(clientFD)
                continue
            }
            context.connectionOpened(connection)
        }
    }

    func pauseAccepting() {
        guard isAccepting, !isClosed else { return }
        isAccepting = false
        loop.modify(fd, events: 0)
    }

    func resumeAccepting() {
        guard !isAccepting, !isClosed else { return }
        isAccepting = true
        loop.modify(fd, events: CSHIM_EPOLLIN)
    }

    func close() {
        guard !isClosed else { return }
        isClosed = true
        loop.deregister(fd)
        Syscall.close(fd)
    }
}
