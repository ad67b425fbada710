// HTTPURL: an absolute http:// or https:// URL split into the parts the sidecar needs
// (scheme, host, port, path prefix). Anything else is rejected, never guessed at.

/// A parsed absolute HTTP(S) URL.
public struct HTTPURL: Sendable, Equatable {
    public let isTLS: Bool
    public let host: String
    public let port: UInt16
    /// The path without a trailing slash ("" for the root).
    public let pathPrefix: String

    /// `host:port` as a Host header value (the port omitted when it is the default).
    public var authority: String {
        let defaultPort: UInt16 = isTLS ? 443 : 80
        let h = host.contains(":") ? "[\(host)]" : host
        return port == defaultPort ? h : "\(h):\(port)"
    }

    public var description: String { (isTLS ? "https://" : "http://") + authority + pathPrefix }

    /// Parses `raw`; nil unless it is an absolute http(s) URL with a host.
    public init?(_ raw: String) {
        let lower = raw.lowercased()
        let rest: Substring
        if lower.hasPrefix("http://") {
            isTLS = false
            rest = raw.dropFirst(7)
        } else if lower.hasPrefix("https://") {
            isTLS = true
            rest = raw.dropFirst(8)
        } else {
            return nil
        }
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        if authority.contains("@") { return nil }  // credentials in URLs leak into logs
        var path = String(rest[authorityEnd...])
        if let q = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = String(path[..<q]) }
        while path.hasSuffix("/") { path.removeLast() }
        var portNumber: UInt16 = isTLS ? 443 : 80
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            host = String(authority[authority.index(after: authority.startIndex)..<close])
            let after = authority[authority.index(after: close)...]
            if after.hasPrefix(":") {
                guard let p = UInt16(after.dropFirst()), p > 0 else { return nil }
                portNumber = p
            } else if !after.isEmpty {
                return nil
            }
        } else {
            if let colon = authority.lastIndex(of: ":") {
                guard let p = UInt16(authority[authority.index(after: colon)...]), p > 0 else { return nil }
                portNumber = p
                authority = authority[..<colon]
            }
            host = String(authority)
        }
        guard !host.isEmpty, host.allSatisfy({ $0.isLetter || $0.isNumber || "-._:".contains($0) }) else { return nil }
        port = portNumber
        pathPrefix = path
    }
}
