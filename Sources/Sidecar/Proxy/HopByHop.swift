// HopByHop: the header fields that belong to one connection and must not be forwarded.
// Invariant: applied to requests and responses alike, so nothing connection-specific
// crosses the proxy in either direction.

/// Removal of hop-by-hop fields (RFC 9110 §7.6.1).
enum HopByHop {
    /// Fields that are hop-by-hop by definition. RFC 9110 §7.6.1: "Connection,
    /// Proxy-Connection, Keep-Alive, TE, Transfer-Encoding, and Upgrade"; plus the
    /// proxy-authentication pair and Trailer, which describe this hop only.
    static let fields: [HTTPFieldName] = [
        .connection, .proxyConnection, .keepAlive, .te, .transferEncoding, .upgrade,
        .proxyAuthenticate, .proxyAuthorization, .trailer,
    ]

    /// Whether the field at `index` of `headers` is hop-by-hop by definition.
    static func isHopByHop(_ headers: HTTPHeaders, at index: Int) -> Bool {
        fields.contains { headers.name(at: index, is: $0) }
    }

    /// The field names listed as options in the Connection header(s).
    static func connectionOptions(_ headers: HTTPHeaders) -> [String] {
        headers.tokens(.connection)
    }

    /// RFC 9110 §7.6.1: "Intermediaries MUST parse a received Connection header field
    /// before a message is forwarded and, for each connection-option in this field,
    /// remove any header or trailer field(s) from the message with the same name as the
    /// connection-option, and then remove the Connection header field itself".
    /// Answers the options, which the message's trailers are filtered by as well.
    @discardableResult
    static func strip(_ headers: inout HTTPHeaders) -> [String] {
        let named = connectionOptions(headers)
        headers.removeAll(whereName: { name in
            fields.contains { name.is($0) } || named.contains { name.is($0) }
        })
        return named
    }
}
