// UpstreamConnection: one client socket to an upstream, carrying one request at a time,
// on the connection core (Net/ConnectionCore.swift) it shares with the server's
// connections: the output buffer, the end-of-tick work, the interest, and a phase
// (Net/ConnectionPhase.swift) in place of state flags.
// Invariants: loop-confined; a connection returns to the pool only after a complete
// response whose framing and Connection header allow reuse, with the request body fully
// sent and no stray bytes buffered; any failure closes it and fails its request once
// (or retries it, for an idempotent bodiless request on a stale reused connection).
import CSystemShims
import SystemCalls

/// A non-blocking HTTP/1.1 client connection owned by an UpstreamPool.
final class UpstreamConnection: IOHandler, TimeoutChecking, LoopTickTask {
    let pool: UpstreamPool
    private var core: ConnectionCore
    private var phase: ConnectionPhase
    private var parser = HTTPParser(role: .response)
    private var request: UpstreamRequest?
    /// The request rides a connection that carried an earlier one: a failure before any
    /// byte of its response may be the upstream closing the connection, and is retried.
    private var isReused = false
    /// The response's framing and Connection field allow another request after it.
    private var responseKeepAlive = true
    /// `processInput` is running (a handler it calls must not start another pass).
    private var isProcessingInput = false

    var fd: Int32 { core.fd }
    var loop: EventLoop { core.loop }

    private init(fd: Int32, pool: UpstreamPool, connected: Bool) {
        self.pool = pool
        self.core = ConnectionCore(fd: fd, loop: pool.loop)
        self.phase = connected ? .awaitingResponse(since: pool.loop.now) : .connecting(since: pool.loop.now)
    }

    /// Starts a non-blocking connect to `address`.
    static func connect(to address: SocketAddress, pool: UpstreamPool) throws(SystemError) -> UpstreamConnection {
        let fd = try Syscall.socket(family: address.family)
        do {
            try Syscall.setOption(fd, level: CSHIM_IPPROTO_TCP, name: CSHIM_TCP_NODELAY, value: 1, "setsockopt(TCP_NODELAY)")
            let result = try Syscall.connect(fd, address)
            let connection = UpstreamConnection(fd: fd, pool: pool, connected: { if case .processed = result { return true }; return false }())
            try connection.core.register(connection, events: CSHIM_EPOLLOUT | CSHIM_EPOLLIN | CSHIM_EPOLLRDHUP)
            pool.loop.watchTimeouts(connection)
            return connection
        } catch {
            Syscall.close(fd)
            throw error
        }
    }

    var pendingOutputBytes: Int { core.output.pendingCount }

    /// An idle connection the upstream has not closed (as far as we know).
    var isUsable: Bool {
        if case .idle = phase { return true }
        return false
    }

    /// Connected with a request on it (its response awaited or streaming).
    private var isCarryingRequest: Bool {
        switch phase {
        case .awaitingResponse, .readingHead, .readingBody: return true
        default: return false
        }
    }

    // MARK: - Requests

    func attach(_ request: UpstreamRequest, isReused: Bool) {
        self.request = request
        self.isReused = isReused
        request.connection = self
        parser.reset(requestMethod: request.head.method)
        if case .connecting = phase { phase = .connecting(since: loop.now) } else { phase = .awaitingResponse(since: loop.now) }
        core.output.append { request.writeInitialBytes(into: &$0) }
        requestOutputAppended()
    }

    func becomeIdle() {
        phase = .idle(since: loop.now)
        updateInterest()
    }

    func append(_ bytes: [UInt8]) {
        core.output.append(bytes)
        requestOutputAppended()
    }

    /// New request bytes are in the output: write them soon (now if past the high-water
    /// mark). While connecting they wait for the connection.
    private func requestOutputAppended() {
        guard isCarryingRequest else { return }
        if pendingOutputBytes >= pool.configuration.writeHighWaterBytes { flush(); return }
        core.schedule(.flush, for: self)
    }

    /// End of tick: resume a paused response, then write pending request bytes.
    func runTickTask() {
        let work = core.takeTickWork()
        guard isCarryingRequest else { return }
        if work.contains(.processInput) { processInput() }
        flush()
    }

    /// The caller cancelled its request: the connection cannot be reused.
    func abandon(_ abandoned: UpstreamRequest) {
        guard abandoned === request else { return }
        request = nil
        closeQuietly()
    }

    func resumeReading() {
        guard !phase.isClosed else { return }
        core.schedule(.processInput, for: self)
    }

    // MARK: - I/O

    func handleIO(events: UInt32) {
        if case .connecting = phase {
            guard events & (CSHIM_EPOLLOUT | CSHIM_EPOLLERR | CSHIM_EPOLLHUP) != 0 else { return }
            let code = (try? Syscall.socketError(fd)) ?? 0
            guard code == 0 else {
                fail(HTTPClientError.from(SystemError("connect", errno: code)))
                return
            }
            phase = .awaitingResponse(since: loop.now)
            flush()
            return
        }
        if events & CSHIM_EPOLLOUT != 0 { flush() }
        if phase.isClosed { return }
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
        if case .idle = phase {
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
        switch phase {
        case .awaitingResponse(let since): phase = .readingHead(since: since)
        case .readingBody: phase = .readingBody(lastProgress: loop.now)
        default: break
        }
        parser.feed(UnsafeRawBufferPointer(rebasing: loop.readBuffer[0..<count]))
        processInput()
        updateInterest()
    }

    private func processInput() {
        guard !isProcessingInput else { return }
        isProcessingInput = true
        defer { isProcessingInput = false }
        while let request, !request.isPaused, isCarryingRequest {
            switch parser.next() {
            case .needMore, .closed:
                return
            case .responseHead(let head):
                // 1xx responses are consumed here: the proxy answers 100-continue itself.
                if head.isInformational { continue }
                phase = .readingBody(lastProgress: loop.now)
                responseKeepAlive = head.isKeepAlive
                request.deliverHead(consume head)
            case .body(let bytes):
                request.deliverBody(bytes)
            case .end(let trailers):
                finishRequest(trailers: trailers)
                return
            case .error(let error):
                let beforeHead: Bool
                if case .readingBody = phase { beforeHead = false } else { beforeHead = true }
                fail(error.kind == .truncated && beforeHead ? .connectionReset : .malformedResponse(error.reason))
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
        if isCarryingRequest { pool.release(self, isReusable: reusable) }
    }

    private func flush() {
        guard isCarryingRequest else { return }
        if case .failed(let error) = core.output.flush(to: fd) {
            fail(HTTPClientError.from(error))
            return
        }
        if pendingOutputBytes < pool.configuration.writeHighWaterBytes / 2 { request?.notifyWritable() }
        updateInterest()
    }

    private func updateInterest() {
        var events: UInt32 = 0
        switch phase {
        case .closed:
            return
        case .connecting:
            events = CSHIM_EPOLLOUT
        case .idle:
            events = CSHIM_EPOLLIN | CSHIM_EPOLLRDHUP
        case .awaitingResponse, .readingHead, .readingBody:
            let paused = request?.isPaused ?? false
            if !paused || parser.bufferedByteCount == 0 { events |= CSHIM_EPOLLIN | CSHIM_EPOLLRDHUP }
            // A scheduled flush writes first; EPOLLOUT is only needed if that flush blocks.
            if pendingOutputBytes > 0 && !core.isTickScheduled { events |= CSHIM_EPOLLOUT }
        case .awaitingFirstByte, .handling, .closing, .lingering:
            return
        }
        core.setInterest(events)
    }

    // MARK: - Failure and close

    private func fail(_ error: HTTPClientError) {
        let failed = request
        request = nil
        var isBeforeAnyByte = false
        if case .awaitingResponse = phase { isBeforeAnyByte = true }
        let retryable = isReused && isBeforeAnyByte && (failed?.canRetry ?? false)
            && (error == .connectionReset || error == .malformedResponse("connection closed inside a message"))
        closeQuietly()
        guard let failed else { return }
        failed.connection = nil
        if retryable { pool.retry(failed) } else { failed.fail(error) }
    }

    func closeQuietly() {
        guard !phase.isClosed else { return }
        phase = .closed
        core.close(self)
        pool.connectionDidClose(self)
    }

    func checkTimeouts(now: UInt64) {
        if isCarryingRequest && request == nil { return }
        let rules = UpstreamTimeouts(configuration: pool.configuration)
        switch rules.action(phase: phase, now: now, bodyCompletedAt: request?.bodyCompletedAt, isPaused: request?.isPaused ?? false) {
        case .none: return
        case .close: closeQuietly()
        case .fail(let error): fail(error)
        }
    }
}
