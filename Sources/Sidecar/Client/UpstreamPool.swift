// UpstreamPool: keep-alive connections to one upstream from one event loop.
// Invariants: at most `maxConnectionsPerLoop` open and `maxIdlePerLoop` idle
// connections; requests beyond the cap wait in order and fail with connectTimeout if
// no slot frees in time; an idle connection is reused last-in first-out (warmest).
import SystemCalls

/// A bounded pool of upstream connections owned by one event loop.
final class UpstreamPool: TimeoutChecking {
    let upstream: Upstream
    let addresses: [SocketAddress]
    let configuration: HTTPClientConfiguration
    let loop: EventLoop
    private var idle: [UpstreamConnection] = []
    private(set) var openCount = 0
    private var waiting: [(request: UpstreamRequest, since: UInt64)] = []

    init(upstream: Upstream, addresses: [SocketAddress], configuration: HTTPClientConfiguration, loop: EventLoop) {
        self.upstream = upstream
        self.addresses = addresses
        self.configuration = configuration
        self.loop = loop
        loop.watchTimeouts(self)
    }

    /// Sends `request` on an idle connection, a new one, or after a slot frees.
    func execute(_ request: UpstreamRequest) {
        while let connection = idle.popLast() {
            if connection.isUsable {
                connection.attach(request, isReused: true)
                return
            }
            connection.closeQuietly()
        }
        if openCount < configuration.maxConnectionsPerLoop {
            open(for: request)
        } else {
            waiting.append((request, loop.now))
        }
    }

    /// Sends `request` again on a fresh connection (a reused one went stale).
    func retry(_ request: UpstreamRequest) {
        request.retries += 1
        if openCount < configuration.maxConnectionsPerLoop { open(for: request) } else { waiting.insert((request, loop.now), at: 0) }
    }

    private func open(for request: UpstreamRequest) {
        guard let address = addresses.first else {
            request.fail(.unreachable("no address for \(upstream.host)"))
            return
        }
        do {
            let connection = try UpstreamConnection.connect(to: address, pool: self)
            openCount += 1
            connection.attach(request, isReused: false)
        } catch {
            request.fail(HTTPClientError.from(error))
        }
    }

    /// A connection finished a response; keep it if it can carry another request.
    func release(_ connection: UpstreamConnection, isReusable: Bool) {
        guard isReusable else {
            connection.closeQuietly()
            return
        }
        if let next = takeWaiting() {
            connection.attach(next, isReused: true)
        } else if idle.count < configuration.maxIdlePerLoop {
            connection.becomeIdle()
            idle.append(connection)
        } else {
            connection.closeQuietly()
        }
    }

    /// A connection closed (for any reason); a waiting request may take its slot.
    func connectionDidClose(_ connection: UpstreamConnection) {
        openCount -= 1
        idle.removeAll { $0 === connection }
        if let next = takeWaiting() { open(for: next) }
    }

    private func takeWaiting() -> UpstreamRequest? {
        while !waiting.isEmpty {
            let entry = waiting.removeFirst()
            if !entry.request.isFinished { return entry.request }
        }
        return nil
    }

    func checkTimeouts(now: UInt64) {
        guard !waiting.isEmpty else { return }
        let expired = waiting.filter { elapsed(now, since: $0.since) > configuration.connectTimeoutNanos }
        guard !expired.isEmpty else { return }
        waiting.removeAll { elapsed(now, since: $0.since) > configuration.connectTimeoutNanos }
        for entry in expired { entry.request.fail(.connectTimeout) }
    }
}
