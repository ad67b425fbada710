// ReverseProxyConfiguration: the upstream and the hooks of a ReverseProxy.
// Invariant: plain data; validated when the ReverseProxy is created.

/// Upstream, client settings and hooks for a ReverseProxy.
public struct ReverseProxyConfiguration: Sendable {
    /// `http://host[:port][/prefix]` or `https://…`.
    public var upstream: String
    public var client = HTTPClientConfiguration()
    /// X-Forwarded-Proto sent upstream (the scheme the client used to reach us).
    public var forwardedProto = "http"
    /// Client request headers whose names start with one of these (case-insensitive) are
    /// removed before forwarding, e.g. "X-AgentSpec-".
    public var strippedRequestHeaderPrefixes: [String] = []
    public var requestHook: ProxyRequestHook?
    public var responseHook: ProxyResponseHook?
    public var onComplete: (@Sendable (ProxyOutcome) -> Void)?

    public init(upstream: String) {
        self.upstream = upstream
    }
}

/// A configuration the proxy cannot use.
public struct ProxyConfigurationError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
