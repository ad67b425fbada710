// ProxyTrailers: which trailer fields cross the proxy, in either direction.
// Invariant: a trailer field is forwarded only when its name is on `forwarded` and the
// message's Connection field does not name it; every other trailer is dropped — hop-by-
// hop and framing names, X-AgentSpec-*, X-Request-Id and X-Forwarded-* included.
//
// Why an allow-list, not the header filters' deny-list: a trailer arrives after the
// head, when the request id, X-Forwarded-*, the policy decision, the audit entry and the
// X-AgentSpec-* stripping have all been settled from the head; nothing we decide can
// account for it. Recipients also differ in what they do with trailers: some frameworks
// merge them into the header fields, where a client's `X-AgentSpec-User-Confirmed: true`
// or `X-Request-Id: forged` would speak for the agent or for us. A deny-list would have
// to foresee every name any recipient might trust; an allow-list names only fields that
// are defined for trailers and carry no authority. RFC 9110 §6.5.1 points the same way:
// fields that frame, route, authenticate, modify the request, control the response or
// describe the content cannot be processed after it, and a field may be sent as a
// trailer only when its definition permits it. nginx forwards no trailers by default.

/// The trailer rule of the reverse proxy.
enum ProxyTrailers {
    /// Trailer fields forwarded both ways: each is defined to be sent as a trailer and
    /// only describes the content already sent.
    static let forwarded: [HTTPFieldName] = [
        // W3C Server Timing: metrics of the response, explicitly allowed as a trailer.
        HTTPFieldName("Server-Timing"),
        // RFC 9530 digests, computed over the content and so naturally sent after it.
        HTTPFieldName("Content-Digest"),
        HTTPFieldName("Repr-Digest"),
    ]

    /// The trailers that may be forwarded, or nil when none may. `connectionOptions` gives
    /// the names the message's Connection field lists (RFC 9110 §7.6.1: an intermediary
    /// removes "any header or trailer field(s)" so named); it is asked only when a
    /// trailer survives the allow-list.
    @inline(__always)
    static func filter(_ trailers: HTTPHeaders?, connectionOptions: () -> [String]) -> HTTPHeaders? {
        // Most messages have no trailers: that case costs a nil check at the call site.
        guard let trailers, !trailers.isEmpty else { return nil }
        return filterPresent(trailers, connectionOptions: connectionOptions)
    }

    @inline(never)
    private static func filterPresent(_ trailers: HTTPHeaders, connectionOptions: () -> [String]) -> HTTPHeaders? {
        var trailers = trailers
        trailers.removeAll(whereName: { name in !forwarded.contains { name.is($0) } })
        guard !trailers.isEmpty else { return nil }
        let named = connectionOptions()
        if !named.isEmpty { trailers.removeAll(whereName: { name in named.contains { name.is($0) } }) }
        return trailers.isEmpty ? nil : trailers
    }
}
