// ServerConnection: one accepted client socket on one event loop.
// Invariants: requests are parsed one at a time and answered in order (a pipelined
// request is not parsed until the previous response has ended); unparsed input is
// bounded by `readHighWaterBytes` (past it the socket is not read); after a parse error
// the connection answers once with Connection: close and never parses again.
import CSystemShims
import SystemCalls

/// A server-side HTTP/1.1 connection, confined to its event loop.
final class ServerConnection: IOHandler, TimeoutChecking, LoopTickTask {
    let fd: Int32
    let loop: EventLoop
    let context: ServerLoopContext
    let remoteAddress: SocketAddress
    /// The client's numeric host, formatted once per connection.
    private(set) lazy var remoteHost: String = remoteAddress.host
    private(set) var parser: HTTPParser
    private var output: [UInt8] = []
    private var outputOffset = 0
    private var registeredEvents: UInt32 = 0
    private(set) var isClosed = false
    private var isReadEOF = false
    /// False until the client's first byte: a silent connection gets the header timeout.
    private var hasReceivedBytes = false
    private var closeAfterFlush = false
    private var isProcessing = false
    private var isTickScheduled = false
    private var needsInputProcessing = false
    /// False once the current response must be the last on this connection.
    var keepAlive = true
    private(set) var exchange: HTTPServerExchange?
    private var idleSince: UInt64
    private var headStartedAt: UInt64?
    private var lastBodyProgress: UInt64 = 0
    private var lingeringSince: UInt64?
    private var lastWriteProgress: UInt64?

    init(fd: Int32, loop: EventLoop, context: ServerLoopContext, remoteAddress: SocketAddress) {
        self.fd = fd
        self.loop = loop
        self.context = context
        self.remoteAddress = remoteAddress
        self.parser = HTTPParser(role: .request, limits: context.configuration.parserLimits)
        self.idleSince = loop.now
    }

    func setBodyLimit(_ limit: Int) { parser.bodyLimit = limit }

    var pendingOutputBytes: Int { output.count - outputOffset }

    /// True when nothing is in progress: closing now loses no request.
    var isIdle: Bool { exchange == nil && parser.isIdle && pendingOutputBytes == 0 }

    func start() throws(SystemError) {
        registeredEvents = CSHIM_EPOLLIN | CSHIM_EPOLLRDHUP
        try loop.register(fd, handler: self, events: registeredEvents)
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
        if lingeringSince != nil {
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
            if !isClosed && !closeAfterFlush && (exchange.map { !$0.hasEndedResponse } ?? true) { close() }
            updateInterest()
            return
        }
        hasReceivedBytes = true
        if exchange == nil && headStartedAt == nil { headStartedAt = loop.now }
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
        guard !isProcessing else { return }
        isProcessing = true
        defer { isProcessing = false }
        while !isClosed && !closeAfterFlush {
            if let exchange, exchange.isRequestComplete || !exchange.canTakeRequestEvent { break }
            let event = parser.next()
            switch event {
            case .needMore:
                return
            case .requestHead(let head):
                startExchange(consume head)
            case .body(let bytes):
                lastBodyProgress = loop.now
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
        headStartedAt = nil
        lastBodyProgress = loop.now
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
        HTTPSerializer.write(head, into: &output)
        output.append(contentsOf: body)
        keepAlive = false
        closeAfterFlush = true
        flush()
    }

    // MARK: - Exchange callbacks

    /// The exchange finished its response; move to the next request or close.
    func exchangeDidEnd(_ finished: HTTPServerExchange, requestComplete: Bool) {
        guard finished === exchange else { return }
        exchange = nil
        // The client half-closed: nothing more can arrive, so this response was the last.
        if !requestComplete || context.isDraining || isReadEOF { keepAlive = false }
        if !keepAlive {
            closeAfterFlush = true
            scheduleFlush()
            return
        }
        idleSince = loop.now
        if parser.bufferedByteCount > 0 { headStartedAt = loop.now }
        needsInputProcessing = true
        scheduleTick()
    }

    /// The exchange can take more body events (a consumer attached or resumed).
    func resumeInput() {
        needsInputProcessing = true
        scheduleTick()
    }

    private func scheduleTick() {
        guard !isTickScheduled, !isClosed else { return }
        isTickScheduled = true
        loop.scheduleTick(self)
    }

    /// End of tick: parse what the previous exchange left (pipelining), then write.
    func runTickTask() {
        isTickScheduled = false
        guard !isClosed else { return }
        if needsInputProcessing {
            needsInputProcessing = false
            processInput()
        }
        flush()
    }

    func append(_ bytes: [UInt8]) {
        output.append(contentsOf: bytes)
        scheduleFlush()
    }

    func append(_ write: (inout [UInt8]) -> Void) {
        write(&output)
        scheduleFlush()
    }

    // MARK: - Output

    private func scheduleFlush() {
        if pendingOutputBytes >= context.configuration.writeHighWaterBytes {
            flush()
            return
        }
        scheduleTick()
    }

    func flush() {
        guard !isClosed else { return }
        while outputOffset < output.count {
            let result: IOResult<Int>
            do {
                result = try output.withUnsafeBytes { raw throws(SystemError) in
                    try Syscall.send(fd, UnsafeRawBufferPointer(rebasing: raw[outputOffset...]))
                }
            } catch {
                close()
                return
            }
            guard case .processed(let sent) = result else { break }
            outputOffset += sent
            lastWriteProgress = loop.now
        }
        if outputOffset < output.count && lastWriteProgress == nil {
            // Blocked before writing a byte: the write timeout starts now.
            lastWriteProgress = loop.now
        }
        if outputOffset == output.count {
            if output.capacity > 1 << 20 { output = [] } else { output.removeAll(keepingCapacity: true) }
            outputOffset = 0
            lastWriteProgress = nil
            if closeAfterFlush && exchange == nil { startLingering(); return }
        } else if outputOffset >= 64 * 1024 {
            output.removeFirst(outputOffset)
            outputOffset = 0
        }
        if pendingOutputBytes < context.configuration.writeHighWaterBytes / 2 { exchange?.notifyWritable() }
        updateInterest()
    }

    /// Half-closes and discards input for a while so the response is not reset away.
    private func startLingering() {
        if isReadEOF { close(); return }
        Syscall.shutdownWrite(fd)
        lingeringSince = loop.now
        updateInterest()
    }

    func updateInterest() {
        guard !isClosed else { return }
        var events: UInt32 = 0
        let wantsRead = !isReadEOF && (lingeringSince != nil || parser.bufferedByteCount < context.configuration.readHighWaterBytes)
        if wantsRead { events |= CSHIM_EPOLLIN | CSHIM_EPOLLRDHUP }
        // A scheduled flush writes first; EPOLLOUT is only needed if that flush blocks.
        if pendingOutputBytes > 0 && !isTickScheduled { events |= CSHIM_EPOLLOUT }
        if events != registeredEvents {
            registeredEvents = events
            loop.modify(fd, events: events)
        }
    }

    // MARK: - Lifecycle

    func close() {
        guard !isClosed else { return }
        isClosed = true
        loop.deregister(fd)
        Syscall.close(fd)
        loop.unwatchTimeouts(self)
        output = []
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
        let phase: ConnectionPhase
        if let lingeringSince {
            phase = .lingering(since: lingeringSince)
        } else if let exchange {
            phase = exchange.isConsumingBody ? .readingBody(lastProgress: lastBodyProgress) : .handling
        } else if let headStartedAt {
            phase = .readingHead(since: headStartedAt)
        } else if !hasReceivedBytes {
            phase = .awaitingFirstByte(since: idleSince)
        } else {
            phase = .idle(since: idleSince)
        }
        let action = context.timeouts.action(phase: phase, now: now, lastWriteProgress: lastWriteProgress,
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
