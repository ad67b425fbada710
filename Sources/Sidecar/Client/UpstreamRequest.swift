// UpstreamRequest: one request in flight to an upstream, as its sender sees it.
// Invariants: loop-confined; its handler hears exactly one of finish or fail; body
// bytes are framed (Content-Length or chunked) exactly as the head declares; the
// handler is released when the request ends, breaking any reference cycle.

/// Receives the response to an UpstreamRequest, on the request's event loop.
protocol UpstreamResponseHandler: AnyObject {
    /// `consuming`: the handler usually edits the head, and holding it alone it edits in place.
    func upstreamDidReceiveHead(_ head: consuming HTTPResponseHead)
    func upstreamDidReceiveBody(_ bytes: [UInt8])
    func upstreamDidFinish(trailers: HTTPHeaders?)
    func upstreamDidFail(_ error: HTTPClientError)
    /// Pending request bytes dropped below the low-water mark after `isWritable` was false.
    func upstreamIsWritable()
}

/// A request to an upstream whose body the caller streams and whose response it can pause.
final class UpstreamRequest {
    let head: HTTPRequestHead
    let framing: BodyFraming
    private(set) var handler: UpstreamResponseHandler?
    var connection: UpstreamConnection?
    /// Framed body bytes produced before a connection was attached.
    private(set) var bufferedBody: [UInt8] = []
    private(set) var isBodyComplete: Bool
    /// When the last request byte was handed over; the response timeout counts from
    /// here, so a slow upload is never mistaken for a silent upstream.
    private(set) var bodyCompletedAt: UInt64?
    private(set) var hasSentBody = false
    private(set) var isPaused = false
    private(set) var isFinished = false
    private var wantsWritableNotice = false
    let writeHighWaterBytes: Int
    /// Times this request was re-sent after a stale pooled connection failed.
    var retries = 0

    init(head: HTTPRequestHead, framing: BodyFraming, handler: UpstreamResponseHandler, writeHighWaterBytes: Int) {
        self.head = head
        self.framing = framing
        self.handler = handler
        self.isBodyComplete = framing == .none
        self.bodyCompletedAt = framing == .none ? EventLoop.monotonicNanos() : nil
        self.writeHighWaterBytes = writeHighWaterBytes
    }

    /// A request can be re-sent on a fresh connection only if no body byte left us and
    /// the method is idempotent (RFC 9110 §9.2.2).
    var canRetry: Bool { !hasSentBody && framing == .none && head.method.isIdempotent && retries == 0 }

    var isWritable: Bool {
        let pending = connection?.pendingOutputBytes ?? bufferedBody.count
        let writable = pending < writeHighWaterBytes
        if !writable { wantsWritableNotice = true }
        return writable
    }

    func writeBody(_ bytes: [UInt8]) {
        guard !isFinished, !isBodyComplete, !bytes.isEmpty else { return }
        var framed: [UInt8] = []
        if framing == .chunked { HTTPSerializer.writeChunk(bytes, into: &framed) } else { framed = bytes }
        hasSentBody = true
        if let connection { connection.append(framed) } else { bufferedBody.append(contentsOf: framed) }
    }

    func endBody(trailers: HTTPHeaders? = nil) {
        guard !isFinished, !isBodyComplete else { return }
        isBodyComplete = true
        bodyCompletedAt = EventLoop.monotonicNanos()
        guard framing == .chunked else { return }
        var framed: [UInt8] = []
        HTTPSerializer.writeLastChunk(trailers: trailers, into: &framed)
        if let connection { connection.append(framed) } else { bufferedBody.append(contentsOf: framed) }
    }

    /// Appends the head and any buffered body to `output` (when a connection attaches).
    func writeInitialBytes(into output: inout [UInt8]) {
        HTTPSerializer.write(head, into: &output)
        output.append(contentsOf: bufferedBody)
        bufferedBody = []
    }

    func pauseResponse() { isPaused = true }

    func resumeResponse() {
        guard isPaused else { return }
        isPaused = false
        connection?.resumeReading()
    }

    /// Abandons the request; its connection is closed (a response in mid-flight cannot
    /// be reused). The handler hears nothing more.
    func cancel() {
        guard !isFinished else { return }
        isFinished = true
        handler = nil
        connection?.abandon(self)
        connection = nil
    }

    func notifyWritable() {
        guard wantsWritableNotice else { return }
        wantsWritableNotice = false
        handler?.upstreamIsWritable()
    }

    func deliverHead(_ head: consuming HTTPResponseHead) { handler?.upstreamDidReceiveHead(head) }
    func deliverBody(_ bytes: [UInt8]) { handler?.upstreamDidReceiveBody(bytes) }

    func finish(trailers: HTTPHeaders?) {
        guard !isFinished else { return }
        isFinished = true
        connection = nil
        let handler = self.handler
        self.handler = nil
        handler?.upstreamDidFinish(trailers: trailers)
    }

    func fail(_ error: HTTPClientError) {
        guard !isFinished else { return }
        isFinished = true
        connection = nil
        let handler = self.handler
        self.handler = nil
        handler?.upstreamDidFail(error)
    }
}
