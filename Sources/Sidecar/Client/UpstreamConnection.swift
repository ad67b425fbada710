// UpstreamConnection: one client socket to an upstream, carrying one request at a time.
// Invariants: loop-confined; a connection returns to the pool only after a complete
// response whose framing and Connection header allow reuse, with the request body fully
// sent and no stray bytes buffered; any failure closes it and fails its request once
// (or retries it, for an idempotent bodiless request on a stale reused connection).
import CSystemShims
import SystemCalls

/// A non-blocking HTTP/1.1 client connection owned by an UpstreamPool.
final class UpstreamConnection: IOHandler, TimeoutChecking, LoopTickTask {
    private enum State { case connecting, active, idle, closed }

    let fd: Int32
    let loop: EventLoop
    let pool: UpstreamPool
    private var state: State
    private var parser = HTTPParser(role: .response)
    private var output: [UInt8] = []
    private var outputOffset = 0
    private var registeredEvents: UInt32 = 0
    private var request: UpstreamRequest?
    private var isReused = false
    private var hasReceivedBytes = false
    private var hasReceivedHead = false
    private var responseKeepAlive = true
    private var stateSince: UInt64
    private var lastReadProgress: UInt64
    private var isProcessing = false
    private var isTickScheduled = false
    private var needsInputProcessing = false

    private init(fd: Int32, pool: UpstreamPool, connected: Bool) {
        self.fd = fd
        self.pool = pool
        self.loop = pool.loop
        self.state = connected ? .active : .connecting
        self.stateSince = pool.loop.now
        self.lastReadProgress = pool.loop.now
    }

    /// Starts a non-blocking connect to `address`.
    static func connect(to address: SocketAddress, pool: UpstreamPool) throws(SystemError) -> UpstreamConnection {
        let fd = try Syscall.socket(family: address.family)
        do {
            try Syscall.setOption(fd, level: CSHIM_IPPROTO_TCP, name: CSHIM_TCP_NODELAY, value: 1, "setsockopt(TCP_NODELAY)")
            let result = try Syscall.connect(fd, address)
            let connection = UpstreamConnection(fd: fd, pool: pool, connected: { if case .processed = result { return true }; return false }())
            connection.registeredEvents = CSHIM_EPOLLOUT | CSHIM_EPOLLIN | CSHIM_EPOLLRDHUP
            try pool.loop.register(fd, handler: connection, events: connection.registeredEvents)
            pool.loop.watchTimeouts(connection)
            return connection
        } catch {
            Syscall.close(fd)
            throw error
        }
    }

    var pendingOutputBytes: Int { output.count - outputOffset }

    /// An idle connection the upstream has not closed (as far as we know).
    var isUsable: Bool { state == .idle }

    // MARK: - Requests

    func attach(_ request: UpstreamRequest, isReused: Bool) {
        self.request = request
        self.isReused = isReused
        request.connection = self
        parser.reset(requestMethod: request.head.method)
        hasReceivedBytes = false
        hasReceivedHead = false
        if state == .idle { state = .active }
        stateSince = loop.now
        lastReadProgress = loop.now
        request.writeInitialBytes(into: &output)
        requestOutputAppended()
    }

    func becomeIdle() {
        state = .idle
        stateSince = loop.now
        updateInterest()
    }

    func append(_ bytes: [UInt8]) {
        output.append(contentsOf: bytes)
        requestOutputAppended()
    }

    /// New request bytes are in `output`: write them soon (now if past the high-water mark).
    private func requestOutputAppended() {
        guard state == .active else { return }
        if pendingOutputBytes >= pool.configuration.writeHighWaterBytes { flush(); return }
        scheduleTick()
    }

    private func scheduleTick() {
        guard !isTickScheduled, state != .closed else { return }
        isTickScheduled = true
        loop.scheduleTick(self)
    }

    /// End of tick: resume a paused response, then write pending request bytes.
    func runTickTask() {
        isTickScheduled = false
        guard state == .active else { return }
        if needsInputProcessing {
            needsInputProcessing = false
            processInput()
        }
        flush()
    }

    /// The caller cancelled its request: the connection cannot be reused.
    func abandon(_ abandoned: UpstreamRequest) {
        guard abandoned === request else { return }
        request = nil
        closeQuietly()
    }

    func resumeReading() {
        needsInputProcessing = true
        scheduleTick()
    }

    // MARK: - I/O

    func handleIO(events: UInt32) {
        if state == .connecting {
            guard events & (CSHIM_EPOLLOUT | CSHIM_EPOLLERR | CSHIM_EPOLLHUP) != 0 else { return }
            let code = (try? Syscall.socketError(fd)) ?? 0
            guard code == 0 else {
                fail(HTTPClientError.from(SystemError("connect", errno: code)))
                return
            }
            state = .active
            stateSince = loop.now
            flush()
            return
        }
        if events & CSHIM_EPOLLOUT != 0 { flush() }
        if state == .closed { return }
        if events & (CSHIM_EPOLLIN | CSHIM_EPOLLHUP | CSHIM_EPOLLRDHUP | CSHIM_EPOLLERR) != 0 { readAvailable() }
    }

    private func readAvailable() {
        let result: IOResult<Int>
        do {
            result = try Syscall.read(fd, into: loop.readBuffer)
        } catch {
            fail(HTTPClientError.from(error))
            return
        }
        guard case .processed(let count) = result else { return }
        if state == .idle {
            // An idle upstream connection spoke or closed: it is no longer usable.
            closeQuietly()
            return
        }
        if count == 0 {
            parser.feedEOF()
            processInput()
            if request != nil { fail(.connectionReset) }
            return
        }
        hasReceivedBytes = true
        lastReadProgress = loop.now
        parser.feed(UnsafeRawBufferPointer(rebasing: loop.readBuffer[0..<count]))
        processInput()
        updateInterest()
    }

    private func processInput() {
        guard !isProcessing else { return }
        isProcessing = true
        defer { isProcessing = false }
        while let request, !request.isPaused, state == .active {
            switch parser.next() {
            case .needMore, .closed:
                return
            case .responseHead(let head):
                // 1xx responses are consumed here: the proxy answers 100-continue itself.
                if head.isInformational { continue }
                hasReceivedHead = true
                responseKeepAlive = head.isKeepAlive
                request.deliverHead(consume head)
            case .body(let bytes):
                request.deliverBody(bytes)
            case .end(let trailers):
                finishRequest(trailers: trailers)
                return
            case .error(let error):
                fail(error.kind == .truncated && !hasReceivedHead ? .connectionReset : .malformedResponse(error.reason))
                return
            case .requestHead:
                fail(.malformedResponse("unexpected request"))
                return
            }
        }
    }

    private func finishRequest(trailers: HTTPHeaders?) {
        guard let request else { return }
        self.request = nil
        let reusable = responseKeepAlive && request.isBodyComplete && parser.isIdle && pendingOutputBytes == 0
            && !request.head.headers.hasToken("close", in: .connection)
        request.finish(trailers: trailers)
        if state == .active { pool.release(self, isReusable: reusable) }
    }

    private func flush() {
        guard state == .active else { return }
        while outputOffset < output.count {
            let result: IOResult<Int>
            do {
                result = try output.withUnsafeBytes { raw throws(SystemError) in
                    try Syscall.send(fd, UnsafeRawBufferPointer(rebasing: raw[outputOffset...]))
                }
            } catch {
                fail((error as? SystemError).map(HTTPClientError.from) ?? .connectionReset)
                return
            }
            guard case .processed(let sent) = result else { break }
            outputOffset += sent
        }
        if outputOffset == output.count {
            output.removeAll(keepingCapacity: output.capacity <= 1 << 20)
            outputOffset = 0
        } else if outputOffset >= 64 * 1024 {
            output.removeFirst(outputOffset)
            outputOffset = 0
        }
        if pendingOutputBytes < pool.configuration.writeHighWaterBytes / 2 { request?.notifyWritable() }
        updateInterest()
    }

    private func updateInterest() {
        guard state != .closed else { return }
        var events: UInt32 = 0
        switch state {
        case .connecting:
            events = CSHIM_EPOLLOUT
        case .idle:
            events = CSHIM_EPOLLIN | CSHIM_EPOLLRDHUP
        case .active:
            let paused = request?.isPaused ?? false
            if !paused || parser.bufferedByteCount < pool.configuration.readHighWaterBytes {
                if !paused || parser.bufferedByteCount == 0 { events |= CSHIM_EPOLLIN | CSHIM_EPOLLRDHUP }
            }
            // A scheduled flush writes first; EPOLLOUT is only needed if that flush blocks.
            if pendingOutputBytes > 0 && !isTickScheduled { events |= CSHIM_EPOLLOUT }
        case .closed:
            return
        }
        if events != registeredEvents {
            registeredEvents = events
            loop.modify(fd, events: events)
        }
    }

    // MARK: - Failure and close

    private func fail(_ error: HTTPClientError) {
        let failed = request
        request = nil
        let retryable = isReused && !hasReceivedBytes && (failed?.canRetry ?? false)
            && (error == .connectionReset || error == .malformedResponse("connection closed inside a message"))
        closeQuietly()
        guard let failed else { return }
        failed.connection = nil
        if retryable { pool.retry(failed) } else { failed.fail(error) }
    }

    func closeQuietly() {
        guard state != .closed else { return }
        state = .closed
        loop.deregister(fd)
        Syscall.close(fd)
        loop.unwatchTimeouts(self)
        output = []
        pool.connectionDidClose(self)
    }

    func checkTimeouts(now: UInt64) {
        let configuration = pool.configuration
        switch state {
        case .connecting:
            if elapsed(now, since: stateSince) > configuration.connectTimeoutNanos { fail(.connectTimeout) }
        case .idle:
            if elapsed(now, since: stateSince) > configuration.poolIdleTimeoutNanos { closeQuietly() }
        case .active:
            guard let request else { return }
            if !hasReceivedHead {
                guard let bodyCompletedAt = request.bodyCompletedAt else { return }
                // bodyCompletedAt may be later than this tick's `now`; `elapsed` never wraps.
                if elapsed(now, since: max(stateSince, bodyCompletedAt)) > configuration.responseTimeoutNanos {
                    fail(.responseTimeout)
                }
            } else if !request.isPaused && elapsed(now, since: lastReadProgress) > configuration.bodyIdleTimeoutNanos {
                fail(.idleTimeout)
            }
        case .closed:
            return
        }
    }
}
