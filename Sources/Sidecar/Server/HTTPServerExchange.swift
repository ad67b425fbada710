// HTTPServerExchange: one request and its response, as seen by a request handler.
// Invariants: confined to its event loop (call it only there, or through `handle`);
// the response head is written at most once and decides the body framing; a body
// byte is never written past a declared Content-Length; once the connection is gone
// every call is a no-op and `onAbort` has fired exactly once.

/// How the response body is delimited, decided when the head is written.
enum ResponseFraming {
    case none
    case length(remaining: Int)
    case chunked
    case untilClose
}

/// A request being answered. Handlers receive it on the event loop that owns the
/// connection; keep every use on that loop (use `handle` to come back from elsewhere).
public final class HTTPServerExchange {
    /// The request head as parsed (strictly) from the client.
    public let request: HTTPRequestHead
    /// The client's address.
    public let remoteAddress: SocketAddress
    /// The client's numeric IP address as text (for X-Forwarded-For).
    public let remoteHost: String
    /// The loop that owns this exchange.
    public let eventLoop: EventLoop
    private var connection: ServerConnection?

    private var onBodyChunk: (([UInt8]) -> Void)?
    private var onBodyEnd: ((HTTPHeaders?) -> Void)?
    private var pendingChunks: [[UInt8]] = []
    private var pendingEnd: HTTPHeaders??
    private var isReadingPaused = false
    private var hasSentContinue = false
    private var wantsWritableNotice = false
    private var framing: ResponseFraming = .none

    /// Called once if the connection closes before the response has ended (client gone,
    /// malformed or timed-out request body). The handler should release upstream work.
    public var onAbort: (() -> Void)?
    /// Called when `isWritable` turns true again after being false.
    public var onWritable: (() -> Void)?

    public private(set) var isRequestComplete = false
    public private(set) var hasStartedResponse = false
    public private(set) var hasEndedResponse = false
    /// The status of the response head written, if any (for audit logs).
    public private(set) var responseStatus: Int?

    init(connection: ServerConnection, request: HTTPRequestHead) {
        self.connection = connection
        self.request = request
        self.remoteAddress = connection.remoteAddress
        self.remoteHost = connection.remoteHost
        self.eventLoop = connection.loop
    }

    /// A Sendable handle to come back to this exchange from another thread.
    public var handle: ExchangeHandle { ExchangeHandle(self) }

    /// The body limit for this request (413 past it). Set it before reading the body.
    public var maxRequestBodyBytes: Int {
        get { connection?.parser.bodyLimit ?? 0 }
        set { connection?.setBodyLimit(newValue) }
    }

    // MARK: - Request body

    var canTakeRequestEvent: Bool {
        if onBodyChunk != nil { return !isReadingPaused }
        return pendingChunks.isEmpty
    }

    var isConsumingBody: Bool { onBodyChunk != nil && !isReadingPaused && !isRequestComplete }

    /// Starts delivering the request body. Sends `100 Continue` first when the client
    /// asked for it and no response has started (RFC 9110 §10.1.1).
    public func readBody(onChunk: @escaping ([UInt8]) -> Void, onEnd: @escaping (HTTPHeaders?) -> Void) {
        onBodyChunk = onChunk
        onBodyEnd = onEnd
        if request.expectsContinue && !hasStartedResponse && !isRequestComplete && !hasSentContinue {
            hasSentContinue = true
            connection?.append(Array("HTTP/1.1 100 Continue\r\n\r\n".utf8))
        }
        let chunks = pendingChunks
        pendingChunks.removeAll()
        for chunk in chunks { onChunk(chunk) }
        if let trailers = pendingEnd {
            pendingEnd = nil
            onEnd(trailers)
        }
        connection?.resumeInput()
    }

    /// Stops reading the request body (back-pressure); the socket is no longer read once
    /// a bounded amount is buffered.
    public func pauseReading() { isReadingPaused = true }

    public func resumeReading() {
        guard isReadingPaused else { return }
        isReadingPaused = false
        connection?.resumeInput()
    }

    func deliverBody(_ bytes: [UInt8]) {
        if let onBodyChunk, !isReadingPaused { onBodyChunk(bytes) } else { pendingChunks.append(bytes) }
    }

    func deliverEnd(_ trailers: HTTPHeaders?) {
        isRequestComplete = true
        if let onBodyEnd { onBodyEnd(trailers) } else { pendingEnd = .some(trailers) }
        if hasEndedResponse { connection?.exchangeDidEnd(self, requestComplete: true) }
    }

    // MARK: - Response

    /// True while buffered response bytes are below the high-water mark.
    public var isWritable: Bool {
        guard let connection else { return false }
        let writable = connection.pendingOutputBytes < connection.context.configuration.writeHighWaterBytes
        if !writable { wantsWritableNotice = true }
        return writable
    }

    func notifyWritable() {
        guard wantsWritableNotice else { return }
        wantsWritableNotice = false
        onWritable?()
    }

    /// Sends a complete response with `body` (Content-Length is set from it).
    public func respond(_ head: HTTPResponseHead, body: [UInt8] = []) {
        var head = head
        head.headers.replaceOrAdd(.contentLength, value: String(body.count))
        writeHead(head)
        writeBody(body)
        end()
    }

    /// Sends a JSON error response `{"error":…,"message":…}`.
    public func respondError(status: Int, message: String) {
        let (head, body) = ErrorBody.response(status: status, message: message)
        respond(head, body: body)
    }

    /// Writes the response head. Without Content-Length the body is sent chunked
    /// (HTTP/1.1 clients) or delimited by close (HTTP/1.0 clients).
    public func writeHead(_ head: HTTPResponseHead) {
        guard let connection, !hasStartedResponse, !head.isInformational else { return }
        hasStartedResponse = true
        responseStatus = head.status
        // One pass: drop the framing and persistence fields (ours to decide), keep the
        // handler's other connection options, and note the declared Content-Length.
        var headers = HTTPHeaders(reservingCapacity: head.headers.count + 3, byteCapacity: head.headers.byteCount + 96)
        var connectionOptions: [String] = []
        var hasDate = false
        var contentLengths = 0
        var declaredLength: Int?
        let fields = head.headers
        for index in fields.indices {
            if fields.name(at: index, is: .connection) {
                for option in HTTPHeaders.tokens(of: [fields.value(at: index)])
                where option != "close" && option != "keep-alive" {
                    connectionOptions.append(option)
                }
            } else if fields.name(at: index, is: .transferEncoding) || fields.name(at: index, is: .keepAlive) {
                continue
            } else {
                if fields.name(at: index, is: .date) { hasDate = true }
                if fields.name(at: index, is: .contentLength) {
                    contentLengths += 1
                    declaredLength = BodyFraming.parseContentLength(fields.value(at: index))
                }
                headers.append(fieldAt: index, of: fields)
            }
        }
        // RFC 9110 §6.6.1: "An origin server with a clock ... MUST generate a Date header
        // field" and a recipient forwarding a response without one "MUST ... append a
        // corresponding Date header field".
        if !hasDate { headers.add(.date, value: connection.loop.httpDate) }
        // RFC 9110 §6.4.1: HEAD responses, 1xx, 204 and 304 never carry content.
        if request.method == .head || head.status == 204 || head.status == 304 {
            framing = .none
        } else if contentLengths == 1, let length = declaredLength {
            framing = length == 0 ? .none : .length(remaining: length)
        } else {
            headers.remove(.contentLength)
            if request.version == .http1_0 {
                framing = .untilClose
                connection.keepAlive = false
            } else {
                framing = .chunked
                headers.add(.transferEncoding, value: "chunked")
            }
        }
        if !isRequestComplete {
            // The rest of the body will be discarded, so this is the last response.
            connection.keepAlive = false
        }
        if !connection.keepAlive {
            connectionOptions.append("close")
        } else if request.version == .http1_0 {
            connectionOptions.append("keep-alive")
        }
        if !connectionOptions.isEmpty {
            headers.add(.connection, value: connectionOptions.joined(separator: ", "))
        }
        let final = HTTPResponseHead(status: head.status, reason: head.reason, version: .http1_1, headers: headers)
        connection.append { HTTPSerializer.write(final, into: &$0) }
    }

    /// Writes body bytes (framed as decided by the head). Check `isWritable` to respect
    /// back-pressure; bytes beyond a declared Content-Length are dropped.
    public func writeBody(_ bytes: [UInt8]) {
        guard let connection, hasStartedResponse, !hasEndedResponse, !bytes.isEmpty else { return }
        switch framing {
        case .none:
            return
        case .length(let remaining):
            let count = min(remaining, bytes.count)
            framing = .length(remaining: remaining - count)
            connection.append(count == bytes.count ? bytes : Array(bytes.prefix(count)))
        case .chunked:
            connection.append { HTTPSerializer.writeChunk(bytes, into: &$0) }
        case .untilClose:
            connection.append(bytes)
        }
    }

    /// Ends the response. A short Content-Length body closes the connection after it.
    public func end(trailers: HTTPHeaders? = nil) {
        guard let connection, hasStartedResponse, !hasEndedResponse else { return }
        hasEndedResponse = true
        switch framing {
        case .chunked: connection.append { HTTPSerializer.writeLastChunk(trailers: trailers, into: &$0) }
        case .length(let remaining) where remaining > 0: connection.keepAlive = false
        case .untilClose: connection.keepAlive = false
        default: break
        }
        onBodyChunk = nil
        onBodyEnd = nil
        onAbort = nil
        onWritable = nil
        connection.exchangeDidEnd(self, requestComplete: isRequestComplete)
        if !isRequestComplete { self.connection = nil }
    }

    /// Closes the connection at once (e.g. the upstream failed mid-body).
    public func abort() {
        guard let connection else { return }
        self.connection = nil
        onAbort = nil
        connection.close()
    }

    /// The connection is gone or the request failed; tell the handler once.
    func connectionFailed() {
        connection = nil
        onBodyChunk = nil
        onBodyEnd = nil
        onWritable = nil
        guard !hasEndedResponse, let onAbort else { return }
        self.onAbort = nil
        onAbort()
    }
}

/// A Sendable reference to an exchange; `run` hops to the exchange's loop.
public struct ExchangeHandle: @unchecked Sendable {
    private let exchange: HTTPServerExchange

    init(_ exchange: HTTPServerExchange) { self.exchange = exchange }

    /// Runs `body` with the exchange on its event loop.
    public func run(_ body: @escaping @Sendable (HTTPServerExchange) -> Void) {
        let exchange = self.exchange
        let unchecked = UncheckedSendableBox(exchange)
        exchange.eventLoop.execute { body(unchecked.value) }
    }
}

/// Carries a loop-confined value across a thread hop that ends on the owning loop.
struct UncheckedSendableBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
