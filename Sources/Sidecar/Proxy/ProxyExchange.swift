// ProxyExchange: one proxied request — client exchange on one side, upstream request on
// the other, bytes streamed between them with back-pressure both ways. From the agent's
// response head to the request's end it carries the verdict's audit facts, and hands
// them to the judge's record when the request ends: no table keyed by request id.
// Invariants: loop-confined; the client gets exactly one response head (the upstream's
// as the verdict left it, the verdict's replacement, or a 502/504 JSON error); the judge
// records the request exactly once; neither side buffers more than its high-water mark:
// a slow side pauses the other.

/// The state of one proxied request.
final class ProxyExchange: UpstreamResponseHandler, VerdictReceiver {
    private enum Phase { case awaitingHead, awaitingVerdict, streaming, done }

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
    /// The agent's head while its verdict is being made elsewhere.
    private var headAwaitingVerdict: HTTPResponseHead?
    /// What the verdict says for the audit entry; it ends with this exchange.
    private var facts: AuditFacts?

    var loop: EventLoop { exchange.eventLoop }

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
        guard let judge = proxy.configuration.judge else {
            forward(consume head)
            return
        }
        if let verdict = judge.judge(&head, request: exchange.request, requestId: requestId, later: VerdictDelivery(self)) {
            apply(verdict, to: consume head)
        } else {
            phase = .awaitingVerdict
            upstreamRequest?.pauseResponse()
            headAwaitingVerdict = consume head
        }
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

    // MARK: - Verdicts

    /// A verdict made elsewhere, from any thread: handled on this exchange's loop, always
    /// through its queue (even from the loop itself: the exchange has then finished
    /// setting itself up to wait).
    func receive(_ verdict: Verdict) {
        let box = UncheckedSendableBox(self)
        loop.execute { box.value.deliver(verdict) }
    }

    /// A verdict made elsewhere has arrived (on this loop); dropped when the exchange has
    /// ended meanwhile (the client left while a remote decision was pending).
    private func deliver(_ verdict: Verdict) {
        guard phase == .awaitingVerdict, let head = headAwaitingVerdict else { return }
        headAwaitingVerdict = nil
        apply(verdict, to: head)
    }

    private func apply(_ verdict: Verdict, to head: consuming HTTPResponseHead) {
        facts = verdict.facts
        var head = consume head
        guard let replacement = verdict.action.replacement(for: &head, requestId: requestId) else {
            forward(consume head)
            return
        }
        wasReplaced = true
        upstreamRequest?.cancel()
        upstreamRequest = nil
        exchange.respond(replacement.head, body: replacement.body)
        complete()
    }

    private func forward(_ head: consuming HTTPResponseHead) {
        phase = .streaming
        exchange.writeHead(consume head)
        upstreamRequest?.resumeResponse()
    }

    private func complete() {
        guard phase != .done else { return }
        phase = .done
        headAwaitingVerdict = nil
        exchange.onWritable = nil
        guard let judge = proxy.configuration.judge else { return }
        judge.record(ProxyOutcome(requestId: requestId, method: exchange.request.method, target: exchange.request.target,
                                  status: exchange.responseStatus ?? 0, durationNanos: EventLoop.monotonicNanos() - startedAt,
                                  error: failure, wasReplaced: wasReplaced), facts: facts)
    }
}
