// Listener: one event loop's view of the server's listening socket, accepting into
// ServerConnections.
// Invariants: accepted sockets are non-blocking, close-on-exec and TCP_NODELAY; a
// connection past the server's cap is answered 503 and closed at once (it never waits
// in the kernel backlog and never takes a slot); the listening socket itself belongs to
// ListeningSocket, so a loop letting go of it never closes it under another loop.
import CSystemShims
import Glibc
import SystemCalls

/// Accepts connections for one loop from the socket every loop of the server shares.
final class Listener: IOHandler {
    let socket: ListeningSocket
    let loop: EventLoop
    let context: ServerLoopContext
    private var isClosed = false

    init(socket: ListeningSocket, loop: EventLoop, context: ServerLoopContext) {
        self.socket = socket
        self.loop = loop
        self.context = context
    }

    /// Watches the shared socket. EPOLLEXCLUSIVE: a new connection wakes one loop that is
    /// waiting (an idle one), not all of them, and the busy loops are left alone.
    func start() throws(SystemError) {
        try loop.register(socket.fd, handler: self, events: CSHIM_EPOLLIN | CSHIM_EPOLLEXCLUSIVE)
    }

    func handleIO(events: UInt32) {
        // One connection per wake-up (nginx's default, multi_accept off): the socket stays
        // readable while more wait, so the next one wakes whichever loop is idle then,
        // and connections spread over the loops instead of landing in one batch.
        guard !isClosed else { return }
        let accepted: IOResult<(Int32, SocketAddress)>
        do {
            accepted = try Syscall.accept(socket.fd)
        } catch {
            // EMFILE/ENFILE and friends: skip this round; the socket stays readable.
            return
        }
        guard case .processed(let (clientFD, address)) = accepted else { return }
        guard socket.budget.take() else {
            refuse(clientFD)
            return
        }
        try? Syscall.setOption(clientFD, level: CSHIM_IPPROTO_TCP, name: CSHIM_TCP_NODELAY, value: 1, "setsockopt(TCP_NODELAY)")
        let connection = ServerConnection(fd: clientFD, loop: loop, context: context, remoteAddress: address)
        do {
            try connection.start()
        } catch {
            socket.budget.giveBack()
            Syscall.close(clientFD)
            return
        }
        context.connectionOpened(connection)
    }

    /// Over the cap: a complete 503 with `Connection: close`, then close — nothing kept.
    /// Answering (rather than closing silently, or leaving the client in the backlog
    /// until it times out) tells a client the server is overloaded and that a retry may
    /// work (RFC 9110 §15.6.4: 503 "indicates that the server is currently unable to
    /// handle the request due to a temporary overload"). Bytes already received are read
    /// away first, so the close sends FIN rather than a reset that could destroy the
    /// answer; the answer is small enough for one send into an empty socket buffer.
    private func refuse(_ fd: Int32) {
        _ = try? Syscall.read(fd, into: loop.readBuffer)
        var (head, body) = ErrorBody.response(status: 503, message: "too many open connections; retry later", close: true)
        head.headers.add(name: "Retry-After", value: "1")
        head.headers.add(.date, value: loop.httpDate)
        var bytes: [UInt8] = []
        HTTPSerializer.write(head, into: &bytes)
        bytes.append(contentsOf: body)
        _ = try? bytes.withUnsafeBytes { raw throws(SystemError) in try Syscall.send(fd, raw) }
        Syscall.close(fd)
    }

    /// Stops watching the shared socket on this loop; the last loop to stop closes it.
    func close() {
        guard !isClosed else { return }
        isClosed = true
        loop.deregister(socket.fd)
        socket.release()
    }
}
