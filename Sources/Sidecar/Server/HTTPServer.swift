// HTTPServer: the entry point — listen on host:port with a request handler,
// then stop gracefully.
// Invariants: one listening socket, bound without SO_REUSEPORT (the port is ours alone)
// and watched by every event loop; an accepted connection stays on the loop that
// accepted it; `shutdown` stops accepting first and then waits at most the drain
// timeout for in-flight requests.
import Glibc
import Synchronization
import SystemCalls

/// An HTTP/1.1 server on epoll event loops (one per core by default).
///
/// ```swift
/// let server = HTTPServer(configuration: .init(host: "127.0.0.1", port: 8080)) { exchange in
///     exchange.respond(HTTPResponseHead(status: 200), body: Array("hello".utf8))
/// }
/// try server.start()
/// // …
/// server.shutdown()
/// ```
/// The handler runs on the connection's event loop: it must not block. It may answer
/// at once (`respond`), stream (`writeHead`/`writeBody`/`end`), proxy
/// (`ReverseProxy.forward`), or finish later from another thread via `exchange.handle`.
package final class HTTPServer: Sendable {
    /// Called on the event loop for every request head.
    package typealias Handler = @Sendable (HTTPServerExchange) -> Void

    package let configuration: HTTPServerConfiguration
    private let handler: Handler
    private let state = Mutex<State>(State())

    private struct State: Sendable {
        var group: EventLoopGroup?
        var port = 0
        var isStopped = false
    }

    package init(configuration: HTTPServerConfiguration, handler: @escaping Handler) {
        self.configuration = configuration
        self.handler = handler
    }

    /// The bound port (useful with port 0), valid after `start`.
    package var port: Int { state.withLock { $0.port } }

    /// The loops serving this server (for proxies that keep per-loop state).
    package var eventLoopGroup: EventLoopGroup? { state.withLock { $0.group } }

    /// Binds, listens and starts serving. Throws if the address cannot be bound or the
    /// server was already started.
    package func start() throws(SystemError) {
        guard state.withLock({ $0.group == nil && !$0.isStopped }) else { throw SystemError("start", errno: EALREADY) }
        guard let address = try SocketAddress.resolve(host: configuration.host, port: configuration.port).first else {
            throw SystemError("resolve(\(configuration.host))", errno: EADDRNOTAVAIL)
        }
        let fd = try ListeningSocket.bind(address: address)
        let boundPort: Int
        let loopbackGuard: Int32?
        let group: EventLoopGroup
        do {
            let bound = try Syscall.localAddress(fd)
            boundPort = bound.port
            loopbackGuard = try ListeningSocket.holdOtherLoopback(of: bound)
        } catch {
            Syscall.close(fd)
            throw error
        }
        do {
            group = try EventLoopGroup(threads: configuration.threads)
        } catch {
            Syscall.close(fd)
            if let loopbackGuard { Syscall.close(loopbackGuard) }
            throw error
        }
        let socket = ListeningSocket(fd: fd, loopbackGuard: loopbackGuard, holders: group.loops.count,
                                     budget: ConnectionBudget(limit: configuration.maxConnections))
        state.withLock {
            $0.group = group
            $0.port = boundPort
        }
        let configuration = self.configuration
        let handler = self.handler
        for loop in group.loops {
            loop.execute {
                let context = ServerLoopContext(configuration: configuration, handler: handler, loop: loop, budget: socket.budget)
                let listener = Listener(socket: socket, loop: loop, context: context)
                context.listener = listener
                loop.locals[ObjectIdentifier(ServerLoopContext.self)] = context
                do { try listener.start() } catch { listener.close() }
            }
        }
    }

    /// Graceful shutdown: stop accepting, close idle connections, let in-flight requests
    /// finish within `drainTimeoutNanos`, then stop the loops. Blocks the caller; never
    /// call it from an event loop thread.
    package func shutdown() {
        let group: EventLoopGroup? = state.withLock {
            guard !$0.isStopped else { return nil }
            $0.isStopped = true
            return $0.group
        }
        guard let group else { return }
        let drained = DrainCounter()
        for loop in group.loops {
            loop.execute {
                guard let context = loop.locals[ObjectIdentifier(ServerLoopContext.self)] as? ServerLoopContext else {
                    drained.count.add(1, ordering: .releasing)
                    return
                }
                context.beginDrain { drained.count.add(1, ordering: .releasing) }
            }
        }
        let deadline = EventLoop.monotonicNanos() + configuration.drainTimeoutNanos + 1_000_000_000
        while drained.count.load(ordering: .acquiring) < group.loops.count && EventLoop.monotonicNanos() < deadline {
            usleep(2000)
        }
        group.shutdown()
    }
}

/// Counts loops that finished draining.
private final class DrainCounter: Sendable {
    let count = Atomic<Int>(0)
}
