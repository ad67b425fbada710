// FleetURL: is a text usable as a fleet service's URL in a generated deployment, and if
// not, why. Accepts absolute `http://` / `https://` URLs with a host name or IP address
// and an optional port; the path and query are the user's (OPA's services put
// `/bundles/…`, `/logs`, `/status` there).
// Invariant: every URL accepted here is one the sidecar's URL reader (`HTTPURL`)
// accepts too, so a generated sidecar never stops at startup on a URL that `generate`
// let through; the extra refusals protect what the files mean (`$` would be read as a
// variable by Kubernetes and Compose, credentials would land in logs, a fragment is
// never sent).

/// Checks fleet service URLs for `agentspec generate`.
package enum FleetURL {
    /// Nil when `raw` is usable; else why not, as a phrase completing "'<url>' …".
    /// `tokenVariable` names where a credential belongs instead.
    package static func problem(_ raw: String, tokenVariable: String) -> String? {
        if raw.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F }) {
            return "contains a blank or control character"
        }
        let lower = raw.lowercased()
        let scheme = ["http://", "https://"].first { lower.hasPrefix($0) }
        guard let scheme else { return "is not an http:// or https:// URL" }
        let rest = raw.dropFirst(scheme.count)
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        if authority.contains("@") {
            return "carries credentials (user@host), which would be logged: put the token in \(tokenVariable) instead"
        }
        if raw.contains("$") {
            return "contains '$', which Kubernetes and Compose read as a variable reference: write it as %24"
        }
        if raw.contains("#") { return "has a fragment (#…), which is never sent to the server" }
        if authority.isEmpty { return "has no host" }
        var host = authority
        var port: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return "has an IPv6 address without its closing ']'" }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if after.hasPrefix(":") {
                port = after.dropFirst()
            } else if !after.isEmpty {
                return "has '\(after)' after its IPv6 address"
            }
            guard !host.isEmpty, host.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else {
                return "has '\(host)' between brackets, which is not an IPv6 address"
            }
        } else {
            if let colon = authority.lastIndex(of: ":") {
                host = authority[..<colon]
                port = authority[authority.index(after: colon)...]
            }
            if host.isEmpty { return "has no host" }
            guard host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-._".contains($0)) }) else {
                return "has host '\(host)', which is not a host name or IP address"
            }
        }
        if let port {
            guard let number = Int(port), number >= 1, number <= 65535, port.allSatisfy(\.isASCII) else {
                return "has port '\(port)', which is not a number between 1 and 65535"
            }
        }
        return nil
    }
}
