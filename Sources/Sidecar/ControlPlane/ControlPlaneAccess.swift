// ControlPlaneAccess: who may use the control plane. With CONTROL_PLANE_TOKEN set, a
// request carries exactly one `Authorization` field with the `Bearer` scheme (any case,
// RFC 9110 §11.1) and the token, compared in constant time. Without a token, a control
// plane bound beyond loopback is open to the network: the sidecar says so at startup,
// and takes pushed events from loopback peers only (the agent beside it), since events
// re-decide requests — pushed before a request, they clear it in enforce mode.
#if canImport(Glibc)
import Glibc
#endif
import SystemCalls

enum ControlPlaneAccess {
    /// Whether `headers` carry the bearer `token`. Two Authorization fields are refused:
    /// which of them a server or an intermediary reads is not defined, so neither counts.
    static func isAuthorized(_ headers: HTTPHeaders, token: String) -> Bool {
        let values = headers[all: "Authorization"]
        guard values.count == 1 else { return false }
        // RFC 9110 §11.4: credentials = auth-scheme [ 1*SP ( token68 / #auth-param ) ];
        // §11.1: "It uses a case-insensitive token to identify the authentication scheme".
        let value = Array(values[0].utf8)
        guard let space = value.firstIndex(of: UInt8(ascii: " ")),
              value[..<space].map(ByteClass.lowercased) == Array("bearer".utf8) else { return false }
        var start = space
        while start < value.count && value[start] == UInt8(ascii: " ") { start += 1 }
        return constantTimeEqual(Array(value[start...]), Array(token.utf8))
    }

    /// Compares every byte of `expected` whatever `given` holds, so the time taken does not
    /// tell how much of a guess was right.
    static func constantTimeEqual(_ given: [UInt8], _ expected: [UInt8]) -> Bool {
        var diff = UInt8(given.count == expected.count ? 0 : 1)
        for i in 0..<expected.count { diff |= expected[i] ^ (i < given.count ? given[i] : 0) }
        return diff == 0
    }

    /// Without a token, whether a peer may push events: a loopback one only (the agent in
    /// the same pod or host). Anyone else could push a confirmation or a guardrail for the
    /// X-Request-Id they are about to send, and the decision at the response head would
    /// count it. `peer` is a numeric address, IPv4-mapped ones written as IPv4.
    static func mayPushEvents(peer: String, token: String?) -> Bool {
        token != nil || peer.hasPrefix("127.") || peer == "::1"
    }

    /// Whether every address `host` names is a loopback address (127.0.0.0/8, ::1, or
    /// IPv4-mapped loopback). A name that does not resolve counts as reachable.
    static func isLoopbackOnly(_ host: String) -> Bool {
        guard let addresses = try? SocketAddress.resolve(host: host, port: 0), !addresses.isEmpty else { return false }
        return addresses.allSatisfy { address in
            let text = address.host
            return text.hasPrefix("127.") || text == "::1" || text.hasPrefix("::ffff:127.")
        }
    }

    /// The startup warning for a control plane without a token that more than this host
    /// can reach, or nil when there is nothing to warn about.
    static func exposureWarning(bindAddress: String, token: String?) -> String? {
        guard token == nil, !isLoopbackOnly(bindAddress) else { return nil }
        return "control plane reachable beyond loopback without CONTROL_PLANE_TOKEN"
    }
}
