// ProxyHooks: what a ReverseProxy lets its caller see and change.
// Invariant: the response hook runs after the upstream head arrives and before any
// byte of the response reaches the client; its decision is applied exactly once, and
// the record it hands over travels with the exchange to `onComplete` (or ends with the
// exchange when the client is gone first).

/// What the response hook sees.
public struct ProxyResponseContext: Sendable {
    /// The request as received from the client (before proxy edits).
    public var request: HTTPRequestHead
    /// The X-Request-Id sent upstream and returned to the client.
    public var requestId: String
    /// The client's IP address.
    public var clientAddress: String
    /// The upstream's response head, hop-by-hop fields removed, X-Request-Id set.
    public var response: HTTPResponseHead
}

/// What to send the client after the response hook.
public enum ProxyResponseDecision: Sendable {
    /// Send this head (usually the context's, edited) and stream the upstream body.
    case forward(HTTPResponseHead)
    /// Discard the upstream response and send this complete response instead.
    case replace(HTTPResponseHead, body: [UInt8])
}

/// Delivers a hook's decision, from any thread; only the first call counts. `record`
/// is what the hook learned about the request: the exchange keeps it and hands it to
/// `onComplete` in the outcome.
public struct ProxyDecisionCallback: Sendable {
    let deliver: @Sendable (ProxyResponseDecision, DecisionRecord?) -> Void

    public func callAsFunction(_ decision: ProxyResponseDecision, record: DecisionRecord? = nil) { deliver(decision, record) }
}

/// Inspects the upstream response head; must call the callback exactly once (at once
/// for an in-process decision, or later — e.g. after a remote policy call).
public typealias ProxyResponseHook = @Sendable (ProxyResponseContext, ProxyDecisionCallback) -> Void

/// Edits the request head about to be sent upstream (after the proxy's own edits).
public typealias ProxyRequestHook = @Sendable (inout HTTPRequestHead) -> Void

/// How a proxied request ended, for audit logs.
public struct ProxyOutcome: Sendable {
    public var requestId: String
    public var method: HTTPMethod
    public var target: String
    /// The status sent to the client (0 if none was sent before the connection died).
    public var status: Int
    public var durationNanos: UInt64
    /// The upstream failure, if any.
    public var error: HTTPClientError?
    /// True when the response hook replaced the upstream response.
    public var wasReplaced: Bool
    /// What the response hook recorded for this request (nil when it recorded nothing,
    /// or when the exchange ended before the hook answered).
    public var record: DecisionRecord?
}
