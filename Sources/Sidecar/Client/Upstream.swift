// Upstream: a parsed upstream base URL (scheme, host, port, path prefix) with its
// resolved addresses.
// Invariant: only absolute http:// and https:// URLs with a host are accepted.

/// Where a proxy or client sends requests: `http(s)://host[:port][/prefix]`.
struct Upstream: Sendable, Equatable {
    enum Scheme: String, Sendable { case http, https }

    var scheme: Scheme
    var host: String
    var port: Int
    /// Path prefix without a trailing slash ("" for none).
    var pathPrefix: String

    /// The Host header value for requests to this upstream (port omitted when default).
    let hostHeader: String

    /// Parses `url`; nil unless it is an absolute http(s) URL with a host.
    init?(url: String) {
        let lower = url.asciiLowercased()
        let rest: Substring
        if lower.hasPrefix("http://") {
            scheme = .http
            rest = url.dropFirst(7)
        } else if lower.hasPrefix("https://") {
            scheme = .https
            rest = url.dropFirst(8)
        } else {
            return nil
        }
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        let authority = rest[rest.startIndex..<authorityEnd]
        guard !authority.isEmpty, !authority.contains("@") else { return nil }
        var path = String(rest[authorityEnd...])
        if let cut = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = String(path[..<cut]) }
        while path.hasSuffix("/") { path.removeLast() }
        pathPrefix = path
        let defaultPort = scheme == .https ? 443 : 80
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            host = String(authority[authority.index(after: authority.startIndex)..<close])
            let after = authority[authority.index(after: close)...]
            if after.isEmpty {
                port = defaultPort
            } else if after.hasPrefix(":"), let value = Int(after.dropFirst()), (1...65535).contains(value) {
                port = value
            } else {
                return nil
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = String(authority[..<colon])
            guard let value = Int(authority[authority.index(after: colon)...]), (1...65535).contains(value) else { return nil }
            port = value
        } else {
            host = String(authority)
            port = defaultPort
        }
        guard !host.isEmpty else { return nil }
        let name = host.contains(":") ? "[\(host)]" : host
        hostHeader = port == defaultPort ? name : "\(name):\(port)"
    }
}
