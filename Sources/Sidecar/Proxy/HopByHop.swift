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

    /// One bit per name of `fields`, chosen by its key (modulo 64): a name whose bit is
    /// clear is none of them, which one test tells instead of nine comparisons (a
    /// proxied message asks this of every field it carries, and most are not).
    private static let keyBits: UInt64 = fields.reduce(0) { $0 | bit($1.key) }

    @inline(__always)
    private static func bit(_ key: UInt32) -> UInt64 { 1 << UInt64(key & 63) }

    /// Whether the field at `index` of `headers` is hop-by-hop by definition.
    static func isHopByHop(_ headers: HTTPHeaders, at index: Int) -> Bool {
        guard keyBits & bit(headers.key(at: index)) != 0 else { return false }
        return fields.contains { headers.name(at: index, is: $0) }
    }

    /// Whether a field named `name` is hop-by-hop by definition.
    static func isHopByHop(_ name: HTTPHeaders.Name) -> Bool {
        guard keyBits & bit(name.key) != 0 else { return false }
        return fields.contains { name.is($0) }
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
            isHopByHop(name) || named.contains { name.is($0) }
        })
        return named
    }
}
