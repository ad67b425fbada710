// ExchangeJudge: what a ReverseProxy asks beyond forwarding — a verdict on each agent
// response head, and a record of each request at its end. The sidecar's judge is
// RequestJudge; a plain reverse proxy has none and forwards everything as it came.
// Invariants: `judge` runs once per response head, before any byte of the response
// reaches the client; its verdict is applied once; `record` runs once per request, with
// the audit facts of the verdict the request's own exchange carried (nil when the
// request ended before one: the client left, the agent failed).

/// Judges agent responses and records requests, for a ReverseProxy.
protocol ExchangeJudge: AnyObject, Sendable {
    /// Judges the agent's head (hop-by-hop fields removed, X-Request-Id set), editing it
    /// in place. Returns the verdict, or nil when it will come through `later` (a
    /// decision made elsewhere); the response waits for it.
    func judge(_ head: inout HTTPResponseHead, request: HTTPRequestHead, requestId: String,
               later: VerdictDelivery) -> Verdict?

    /// The request ended.
    func record(_ outcome: ProxyOutcome, facts: AuditFacts?)
}

/// What waits for a verdict made later (the exchange, in the proxy).
protocol VerdictReceiver: AnyObject {
    /// Takes the verdict; called once, from any thread.
    func receive(_ verdict: Verdict)
}

/// Delivers a verdict that comes later, from any thread, to what waits for it.
struct VerdictDelivery: @unchecked Sendable {
    // The receiver decides which thread it handles the verdict on (the exchange hops to
    // its own loop), so carrying it across threads is safe.
    private let receiver: any VerdictReceiver

    init(_ receiver: any VerdictReceiver) { self.receiver = receiver }

    func callAsFunction(_ verdict: Verdict) { receiver.receive(verdict) }
}

/// How a proxied request ended, for its audit entry.
struct ProxyOutcome: Sendable {
    var requestId: String
    var method: HTTPMethod
    var target: String
    /// The status sent to the client (0 if none was sent before the connection died).
    var status: Int
    var durationNanos: UInt64
    /// The upstream failure, if any.
    var error: HTTPClientError?
    /// True when the verdict replaced the agent's response.
    var wasReplaced: Bool
}
