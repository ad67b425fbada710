// ReverseProxyConfiguration: the upstream, client settings and judge of a ReverseProxy.
// Invariant: plain data; validated when the ReverseProxy is created.

/// Upstream, client settings and judge for a ReverseProxy.
package struct ReverseProxyConfiguration: Sendable {
    /// `http://host[:port][/prefix]` or `https://…`.
    package var upstream: String
    package var client = HTTPClientConfiguration()
    /// X-Forwarded-Proto sent upstream (the scheme the client used to reach us).
    package var forwardedProto = "http"
    /// Client request headers whose names start with one of these (case-insensitive) are
    /// removed before forwarding, e.g. "X-AgentSpec-".
    package var strippedRequestHeaderPrefixes: [String] = []
    /// Judges each agent response and records each request (the sidecar's RequestJudge);
    /// nil forwards every response as it came.
    var judge: (any ExchangeJudge)?

    package init(upstream: String) {
        self.upstream = upstream
    }
}

/// A configuration the proxy cannot use.
package struct ProxyConfigurationError: Error, Sendable, CustomStringConvertible {
    package var message: String
    package var description: String { message }
}
