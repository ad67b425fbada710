// HTTPServerExchange: one request and its response, as seen by a request handler.
// Invariants: confined to its event loop (call it only there, or through `handle`);
// the response head is written at most once and decides the body framing; a body
// byte is never written past a declared Content-Length; once the connection is gone
// every call is a no-op and `onAbort` has fired exactly once.
import SystemCalls

/// How the response body is delimited, decided when the head is written.
enum ResponseFraming {
    case none
    case length(remaining: Int)
    case chunked
    case untilClose
}

/// A request being answered. Handlers receive it on the event loop that owns the
/// connection; keep every use on that loop (use `handle` to come back from elsewhere).
package final class HTTPServerExchange {
    /// The request head as parsed (strictly) from the client.
    package let request: HTTPRequestHead
    /// The client's address.
    package let remoteAddress: SocketAddress
    /// The client's numeric IP address as text (for X-Forwarded-For).
    package let remoteHost: String
    /// The loop that owns this exchange.
    package let eventLoop: EventLoop
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
    package var onAbort: (() -> Void)?
    /// Called when `isWritable` turns true again after being false.
    package var onWritable: (() -> Void)?

    package private(set) var isRequestComplete = false
    package private(set) var hasStartedResponse = false
    package private(set) var hasEndedResponse = false
    /// The status of the response head written, if any (for audit logs).
    package private(set) var responseStatus: Int?

    init(connection: ServerConnection, request: HTTPRequestHead) {
        self.connection = connection
        self.request = request
        self.remoteAddress = connection.remoteAddress
        self.remoteHost = connection.remoteHost
        self.eventLoop = connection.loop
    }

    /// A Sendable handle to come back to this exchange from another thread.
    package var handle: ExchangeHandle { ExchangeHandle(self) }

    /// The body limit for this request (413 past it). Set it before reading the body.
    package var maxRequestBodyBytes: Int {
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
    package func readBody(onChunk: @escaping ([UInt8]) -> Void, onEnd: @escaping (HTTPHeaders?) -> Void) {
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
    package func pauseReading() { isReadingPaused = true }

    package func resumeReading() {
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
    package var isWritable: Bool {
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
    package func respond(_ head: consuming HTTPResponseHead, body: [UInt8] = []) {
        var head = consume head
        head.headers.replaceOrAdd(.contentLength, value: String(body.count))
        writeHead(consume head)
        writeBody(body)
        end()
    }

    /// Sends a JSON error response `{"error":…,"message":…}`.
    package func respondError(status: Int, message: String) {
        let (head, body) = ErrorBody.response(status: status, message: message)
        respond(head, body: body)
    }

    /// Writes the response head. Without Content-Length the body is sent chunked
    /// (HTTP/1.1 clients) or delimited by close (HTTP/1.0 clients). The head is taken
    /// (`consuming`): held alone, its fields are edited in place, not copied.
    package func writeHead(_ head: consuming HTTPResponseHead) {
        guard let connection, !hasStartedResponse, !head.isInformational else { return }
        hasStartedResponse = true
        responseStatus = head.status
        var head = consume head
        // One pass: the handler's own connection options (its framing and persistence
        // fields are ours to decide, so they go), whether it set Date, and the declared
        // Content-Length. The fields are read through `head` itself: a second reference
        // would make the edits below copy them.
        var connectionOptions: [String] = []
        var hasOwnFramingFields = false
        var hasDate = false
        var contentLengths = 0
        var declaredLength: Int?
        for index in head.headers.indices {
            if head.headers.name(at: index, is: .connection) {
                hasOwnFramingFields = true
                for option in HTTPHeaders.tokens(of: [head.headers.value(at: index)])
                where option != "close" && option != "keep-alive" {
                    connectionOptions.append(option)
                }
            } else if head.headers.name(at: index, is: .transferEncoding) || head.headers.name(at: index, is: .keepAlive) {
                hasOwnFramingFields = true
            } else if head.headers.name(at: index, is: .date) {
                hasDate = true
            } else if head.headers.name(at: index, is: .contentLength) {
                contentLengths += 1
                declaredLength = head.headers.withValueBytes(at: index, BodyFraming.parseContentLength)
            }
        }
        if hasOwnFramingFields {
            head.headers.removeAll(whereName: { $0.is(.connection) || $0.is(.transferEncoding) || $0.is(.keepAlive) })
        }
        // RFC 9110 §6.6.1: "An origin server with a clock ... MUST generate a Date header
        // field" and a recipient forwarding a response without one "MUST ... append a
        // corresponding Date header field".
        if !hasDate { head.headers.add(.date, value: connection.loop.httpDate) }
        // RFC 9110 §6.4.1: HEAD responses, 1xx, 204 and 304 never carry content.
        if request.method == .head || head.status == 204 || head.status == 304 {
            framing = .none
        } else if contentLengths == 1, let length = declaredLength {
            framing = length == 0 ? .none : .length(remaining: length)
        } else {
            if contentLengths > 0 { head.headers.remove(.contentLength) }
            if request.version == .http1_0 {
                framing = .untilClose
                connection.keepAlive = false
            } else {
                framing = .chunked
                head.headers.add(.transferEncoding, value: "chunked")
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
            head.headers.add(.connection, value: connectionOptions.joined(separator: ", "))
        }
        head.version = .http1_1
        connection.append { HTTPSerializer.write(head, into: &$0) }
    }

    /// Writes body bytes (framed as decided by the head). Check `isWritable` to respect
    /// back-pressure; bytes beyond a declared Content-Length are dropped.
    package func writeBody(_ bytes: [UInt8]) {
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
    package func end(trailers: HTTPHeaders? = nil) {
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
    package func abort() {
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
package struct ExchangeHandle: @unchecked Sendable {
    private let exchange: HTTPServerExchange

    init(_ exchange: HTTPServerExchange) { self.exchange = exchange }

    /// Runs `body` with the exchange on its event loop.
    package func run(_ body: @escaping @Sendable (HTTPServerExchange) -> Void) {
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
