// ProxyExchange: one proxied request — client exchange on one side, upstream request on
// the other, bytes streamed between them with back-pressure both ways.
// Invariants: loop-confined; the client gets exactly one response head (the upstream's
// after the hook, a replacement, or a 502/504 JSON error) and `onComplete` fires once;
// neither side buffers more than its high-water mark: a slow side pauses the other.

/// The state of one proxied request.
final class ProxyExchange: UpstreamResponseHandler {
    private enum Phase { case awaitingHead, awaitingDecision, streaming, done }

    private let proxy: ReverseProxy
    private let exchange: HTTPServerExchange
    private let requestId: String
    private let startedAt = EventLoop.monotonicNanos()
    private var upstreamRequest: UpstreamRequest?
    private var phase = Phase.awaitingHead
    private var wasReplaced = false
    private var failure: HTTPClientError?
    /// What the upstream response's Connection field named (its trailers lose them too).
    private var responseConnectionOptions: [String] = []
    /// What the response hook recorded; it ends with this exchange.
    private var record: DecisionRecord?

    init(proxy: ReverseProxy, exchange: HTTPServerExchange, requestId: String) {
        self.proxy = proxy
        self.exchange = exchange
        self.requestId = requestId
    }

    /// Sends `upstreamHead` (taken: the upstream request owns it from here) on `pool`.
    func start(_ upstreamHead: consuming HTTPRequestHead, pool: UpstreamPool) {
        let request = UpstreamRequest(head: consume upstreamHead, framing: ReverseProxy.bodyFraming(of: exchange.request),
                                      handler: self, writeHighWaterBytes: proxy.configuration.client.writeHighWaterBytes)
        upstreamRequest = request
        exchange.onAbort = { [self] in
            upstreamRequest?.cancel()
            upstreamRequest = nil
            complete()
        }
        pool.execute(request)
        // A request without a body is complete already: there is nothing to read (and
        // asking would only schedule an input pass on the connection for nothing).
        guard phase != .done, !(request.framing == .none && exchange.isRequestComplete) else { return }
        exchange.readBody(onChunk: { [self] bytes in
            guard let request = upstreamRequest else { return }
            request.writeBody(bytes)
            if !request.isWritable { exchange.pauseReading() }
        }, onEnd: { [self] trailers in
            let request = exchange.request
            upstreamRequest?.endBody(trailers: ProxyTrailers.filter(trailers) { HopByHop.connectionOptions(request.headers) })
        })
    }

    func startHTTPS(_ upstreamHead: HTTPRequestHead, forwarder: HTTPSForwarder) {
        forwarder.forward(head: upstreamHead, upstream: proxy.upstream, exchange: exchange, handler: self)
    }

    // MARK: - UpstreamResponseHandler

    func upstreamIsWritable() { exchange.resumeReading() }

    func upstreamDidReceiveHead(_ upstreamHead: consuming HTTPResponseHead) {
        var head = consume upstreamHead
        let named = HopByHop.strip(&head.headers)
        if !named.isEmpty { responseConnectionOptions = named }
        head.headers.replaceOrAdd(.xRequestId, value: requestId)
        guard let hook = proxy.configuration.responseHook else {
            apply(.forward(consume head), record: nil)
            return
        }
        phase = .awaitingDecision
        upstreamRequest?.pauseResponse()
        let context = ProxyResponseContext(request: exchange.request, requestId: requestId,
                                           clientAddress: exchange.remoteHost, response: head)
        hook(context, makeCallback())
    }

    func upstreamDidReceiveBody(_ bytes: [UInt8]) {
        guard phase == .streaming else { return }
        exchange.writeBody(bytes)
        if !exchange.isWritable, let request = upstreamRequest {
            request.pauseResponse()
            exchange.onWritable = { request.resumeResponse() }
        }
    }

    func upstreamDidFinish(trailers: HTTPHeaders?) {
        upstreamRequest = nil
        guard phase == .streaming else { return }
        exchange.end(trailers: ProxyTrailers.filter(trailers) { responseConnectionOptions })
        complete()
    }

    func upstreamDidFail(_ error: HTTPClientError) {
        upstreamRequest = nil
        failure = error
        guard phase != .done else { return }
        if exchange.hasStartedResponse {
            // Bytes already reached the client: the only honest signal left is to close.
            exchange.abort()
        } else {
            let status = error.isTimeout ? 504 : 502
            let message = error.isTimeout ? "Upstream did not respond in time (\(error))"
                                          : "Upstream unreachable (\(error))"
            let (head, body) = ErrorBody.response(status: status, message: message, requestId: requestId)
            exchange.respond(head, body: body)
        }
        complete()
    }

    // MARK: - Decisions

    private func makeCallback() -> ProxyDecisionCallback {
        let box = UncheckedSendableBox(self)
        let loop = exchange.eventLoop
        let once = OnceFlag()
        return ProxyDecisionCallback { decision, record in
            guard once.claim() else { return }
            if loop.inEventLoop {
                box.value.apply(decision, record: record)
            } else {
                loop.execute { box.value.apply(decision, record: record) }
            }
        }
    }

    /// Applies the hook's answer; one that comes after the exchange ended (the client
    /// left while a remote decision was pending) is dropped with its record.
    private func apply(_ decision: consuming ProxyResponseDecision, record: DecisionRecord?) {
        guard phase == .awaitingHead || phase == .awaitingDecision else { return }
        self.record = record
        switch consume decision {
        case .forward(let head):
            phase = .streaming
            exchange.writeHead(consume head)
            upstreamRequest?.resumeResponse()
        case .replace(let head, let body):
            wasReplaced = true
            upstreamRequest?.cancel()
            upstreamRequest = nil
            exchange.respond(head, body: body)
            complete()
        }
    }

    private func complete() {
        guard phase != .done else { return }
        phase = .done
        exchange.onWritable = nil
        guard let onComplete = proxy.configuration.onComplete else { return }
        onComplete(ProxyOutcome(requestId: requestId, method: exchange.request.method, target: exchange.request.target,
                                status: exchange.responseStatus ?? 0, durationNanos: EventLoop.monotonicNanos() - startedAt,
                                error: failure, wasReplaced: wasReplaced, record: record))
    }
}
