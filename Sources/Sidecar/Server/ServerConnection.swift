// ServerConnection: one accepted client socket on one event loop, on the connection
// core (Net/ConnectionCore.swift) it shares with the upstream connections: the output
// buffer, the end-of-tick work, the interest, and a phase (Net/ConnectionPhase.swift) in
// place of state flags.
// Invariants: requests are parsed one at a time and answered in order (a pipelined
// request is not parsed until the previous response has ended); unparsed input is
// bounded by `readHighWaterBytes` (past it the socket is not read); after a parse error
// the connection answers once with Connection: close and never parses again.
import CSystemShims
import SystemCalls

/// A server-side HTTP/1.1 connection, confined to its event loop.
final class ServerConnection: IOHandler, TimeoutChecking, LoopTickTask {
    let context: ServerLoopContext
    let remoteAddress: SocketAddress
    /// The client's numeric host, formatted once per connection.
    private(set) lazy var remoteHost: String = remoteAddress.host
    private(set) var parser: HTTPParser
    private var core: ConnectionCore
    private(set) var phase: ConnectionPhase
    /// The client half-closed: nothing more can arrive, so the current response is the last.
    private var isReadEOF = false
    /// `processInput` is running (a handler it calls must not start another pass).
    private var isProcessingInput = false
    /// False once the current response must be the last on this connection.
    var keepAlive = true
    private(set) var exchange: HTTPServerExchange?
    /// When response bytes last left, while some wait (nil when nothing is pending).
    private var lastWriteProgress: UInt64?

    var fd: Int32 { core.fd }
    var loop: EventLoop { core.loop }

    init(fd: Int32, loop: EventLoop, context: ServerLoopContext, remoteAddress: SocketAddress) {
        self.core = ConnectionCore(fd: fd, loop: loop)
        self.context = context
        self.remoteAddress = remoteAddress
        self.parser = HTTPParser(role: .request, limits: context.configuration.parserLimits)
        self.phase = .awaitingFirstByte(since: loop.now)
    }

    func setBodyLimit(_ limit: Int) { parser.bodyLimit = limit }

    var pendingOutputBytes: Int { core.output.pendingCount }

    var isClosed: Bool { phase.isClosed }

    /// True when nothing is in progress: closing now loses no request.
    var isIdle: Bool { exchange == nil && parser.isIdle && pendingOutputBytes == 0 }

    /// The last response is on its way (or sent): nothing more is parsed.
    private var isEnding: Bool {
        switch phase {
        case .closing, .lingering, .closed: return true
        default: return false
        }
    }

    func start() throws(SystemError) {
        try core.register(self, events: CSHIM_EPOLLIN | CSHIM_EPOLLRDHUP)
        loop.watchTimeouts(self)
    }

    // MARK: - Events

    func handleIO(events: UInt32) {
        if events & CSHIM_EPOLLERR != 0 { close(); return }
        if events & CSHIM_EPOLLOUT != 0 { flush() }
        if isClosed { return }
        if events & (CSHIM_EPOLLIN | CSHIM_EPOLLHUP | CSHIM_EPOLLRDHUP) != 0 { readAvailable() }
    }

    private func readAvailable() {
        let result: IOResult<Int>
        do {
            result = try Syscall.read(fd, into: loop.readBuffer)
        } catch {
            close()
            return
        }
        guard case .processed(let count) = result else { return }
        if case .lingering = phase {
            if count == 0 { close() }
            return
        }
        if count == 0 {
            isReadEOF = true
            parser.feedEOF()
            processInput()
            // The client closed while its request was being handled: like nginx (499)
            // and Go (a cancelled request context), treat it as gone and abort, so the
            // handler can stop upstream work. A half-closing client is treated the same.
            if !isEnding && (exchange.map { !$0.hasEndedResponse } ?? true) { close() }
            updateInterest()
            return
        }
        switch phase {
        case .awaitingFirstByte, .idle: phase = .readingHead(since: loop.now)
        default: break
        }
        parser.feed(UnsafeRawBufferPointer(rebasing: loop.readBuffer[0..<count]))
        processInput()
        updateInterest()
    }

    /// Pulls parser events while the current exchange can take them. A pipelined request
    /// waits in the parser's buffer until the exchange before it has ended its response
    /// (h11 and nginx do the same): one request in flight per connection, so responses
    /// leave in request order, none is spliced into another, and a malformed later
    /// request cannot cost an earlier one its response.
    func processInput() {
        guard !isProcessingInput else { return }
        isProcessingInput = true
        defer { isProcessingInput = false }
        while !isEnding {
            if let exchange, exchange.isRequestComplete || !exchange.canTakeRequestEvent { break }
            let event = parser.next()
            switch event {
            case .needMore:
                return
            case .requestHead(let head):
                startExchange(consume head)
            case .body(let bytes):
                phase = .handling(lastBodyProgress: loop.now)
                exchange?.deliverBody(bytes)
            case .end(let trailers):
                exchange?.deliverEnd(trailers)
            case .closed:
                if exchange == nil { close() }
                return
            case .error(let error):
                handleParseError(error)
                return
            case .responseHead:
                return
            }
        }
    }

    /// Takes the head (`consuming`): the exchange keeps it without a copy.
    private func startExchange(_ head: consuming HTTPRequestHead) {
        phase = .handling(lastBodyProgress: loop.now)
        keepAlive = head.isKeepAlive && !context.isDraining
        // RFC 9110 §10.1.1: "A server that receives an Expect field value containing a
        // member other than 100-continue MAY respond with a 417 (Expectation Failed)".
        let hasUnsupportedExpectation = head.headers.contains(.expect) && !head.expectsContinue
        let exchange = HTTPServerExchange(connection: self, request: consume head)
        self.exchange = exchange
        if parser.isAtEmptyBodyEnd {
            // A request without a body is complete with its head; say so before the
            // handler runs, so an immediate response keeps the connection alive.
            _ = parser.next()
            exchange.deliverEnd(nil)
        }
        if hasUnsupportedExpectation {
            let (responseHead, body) = ErrorBody.response(status: 417, message: "only 100-continue is supported")
            exchange.respond(responseHead, body: body)
            return
        }
        context.handler(exchange)
    }

    private func handleParseError(_ error: HTTPParseError) {
        keepAlive = false
        if let exchange {
            self.exchange = nil
            let responseStarted = exchange.hasStartedResponse
            exchange.connectionFailed()
            if responseStarted || error.kind == .truncated { close(); return }
        } else if error.kind == .truncated {
            close()
            return
        }
        // RFC 9112 §11.2 / STYLE: after a framing error, answer and close; never resync.
        sendErrorAndClose(status: error.status, message: error.reason)
    }

    /// Writes a complete JSON error response with Connection: close and closes after it.
    func sendErrorAndClose(status: Int, message: String) {
        var (head, body) = ErrorBody.response(status: status, message: message, close: true)
        head.headers.add(.date, value: loop.httpDate)
        core.output.append { HTTPSerializer.write(head, into: &$0) }
        core.output.append(body)
        keepAlive = false
        phase = .closing
        flush()
    }

    // MARK: - Exchange callbacks

    /// The exchange finished its response; move to the next request or close.
    func exchangeDidEnd(_ finished: HTTPServerExchange, requestComplete: Bool) {
        guard finished === exchange else { return }
        exchange = nil
        if !requestComplete || context.isDraining || isReadEOF { keepAlive = false }
        if !keepAlive {
            phase = .closing
            scheduleFlush()
            return
        }
        // A pipelined request already waiting has its head deadline start now.
        phase = parser.bufferedByteCount > 0 ? .readingHead(since: loop.now) : .idle(since: loop.now)
        schedule(.processInput)
    }

    /// The exchange can take more body events (a consumer attached or resumed).
    func resumeInput() {
        schedule(.processInput)
    }

    private func schedule(_ work: TickWork) {
        guard !isClosed else { return }
        core.schedule(work, for: self)
    }

    /// End of tick: parse what the previous exchange left (pipelining), then write.
    func runTickTask() {
        let work = core.takeTickWork()
        guard !isClosed else { return }
        if work.contains(.processInput) { processInput() }
        flush()
    }

    func append(_ bytes: [UInt8]) {
        core.output.append(bytes)
        scheduleFlush()
    }

    func append(_ write: (inout [UInt8]) -> Void) {
        core.output.append(write)
        scheduleFlush()
    }

    // MARK: - Output

    private func scheduleFlush() {
        if pendingOutputBytes >= context.configuration.writeHighWaterBytes {
            flush()
            return
        }
        schedule(.flush)
    }

    func flush() {
        guard !isClosed else { return }
        switch core.output.flush(to: fd) {
        case .failed:
            close()
            return
        case .blocked(let progressed):
            // The write timeout runs from the last progress (or from now, if blocked
            // before a byte left).
            if progressed || lastWriteProgress == nil { lastWriteProgress = loop.now }
        case .drained:
            lastWriteProgress = nil
            if case .closing = phase, exchange == nil { startLingering(); return }
        }
        if pendingOutputBytes < context.configuration.writeHighWaterBytes / 2 { exchange?.notifyWritable() }
        updateInterest()
    }

    /// Half-closes and discards input for a while so the response is not reset away.
    private func startLingering() {
        if isReadEOF { close(); return }
        Syscall.shutdownWrite(fd)
        phase = .lingering(since: loop.now)
        updateInterest()
    }

    func updateInterest() {
        guard !isClosed else { return }
        var events: UInt32 = 0
        let isLingering: Bool
        if case .lingering = phase { isLingering = true } else { isLingering = false }
        let wantsRead = !isReadEOF && (isLingering || parser.bufferedByteCount < context.configuration.readHighWaterBytes)
        if wantsRead { events |= CSHIM_EPOLLIN | CSHIM_EPOLLRDHUP }
        // A scheduled flush writes first; EPOLLOUT is only needed if that flush blocks.
        if pendingOutputBytes > 0 && !core.isTickScheduled { events |= CSHIM_EPOLLOUT }
        core.setInterest(events)
    }

    // MARK: - Lifecycle

    func close() {
        guard !isClosed else { return }
        phase = .closed
        core.close(self)
        if let exchange {
            self.exchange = nil
            exchange.connectionFailed()
        }
        context.connectionClosed(self)
    }

    /// Graceful shutdown: idle connections close now, busy ones after their response.
    func beginDrain() {
        keepAlive = false
        if exchange == nil && !parser.isReadingHead && pendingOutputBytes == 0 { close() }
    }

    func checkTimeouts(now: UInt64) {
        guard !isClosed else { return }
        let action = context.timeouts.action(phase: phase, now: now, lastWriteProgress: lastWriteProgress,
                                             isConsumingBody: exchange?.isConsumingBody ?? false,
                                             responseStarted: exchange?.hasStartedResponse ?? false)
        switch action {
        case .none:
            return
        case .close:
            close()
        case .requestTimeout:
            if let exchange {
                self.exchange = nil
                exchange.connectionFailed()
            }
            sendErrorAndClose(status: 408, message: "request not received in time")
        }
    }
}
