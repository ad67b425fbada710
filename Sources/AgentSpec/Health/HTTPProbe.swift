// HTTPProbe: does a URL answer HTTP? For `http://` a single GET over a plain socket
// (HTTP/1.1, `Connection: close`), reading only the status line, so a streaming
// endpoint (MCP over SSE) answers as quickly as any other; for `https://` a GET
// through the system libcurl (SystemCalls/HTTPSTransfer.swift) with the same deadline,
// stopped at its head. Any answer below 500 counts as up (an endpoint may well want a
// POST or credentials); 5xx and no answer count as down.
import Foundation
import SystemCalls

/// HTTP reachability probes.
enum HTTPProbe {
    static func probe(url text: String, deadline: Deadline) -> ProbeOutcome {
        guard let url = URLComponents(string: text), let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty else {
            return ProbeOutcome(status: .fail, message: "\"\(text)\" is not an absolute http(s) URL")
        }
        let status: Int
        do {
            switch scheme {
            case "http": status = try plainStatus(url, host: host, deadline: deadline)
            case "https": status = try tlsStatus(text, deadline: deadline)
            default: return ProbeOutcome(status: .fail, message: "\"\(text)\" is not an http(s) URL")
            }
        } catch {
            return ProbeOutcome(status: .fail, message: error.description)
        }
        let shown = redacted(url)
        if status >= 500 { return ProbeOutcome(status: .fail, message: "\(shown) answered HTTP \(status)") }
        return ProbeOutcome(status: .pass, message: "\(shown) answered HTTP \(status)")
    }

    /// The URL without user info or query (which may hold tokens).
    static func redacted(_ url: URLComponents) -> String {
        var u = url
        u.user = nil
        u.password = nil
        u.query = nil
        u.fragment = nil
        return u.string ?? "the URL"
    }

    private static func plainStatus(_ url: URLComponents, host: String, deadline: Deadline) throws(ProbeError) -> Int {
        let port = url.port ?? 80
        let bareHost = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
        let c = try TCPConnection(host: bareHost, port: port, deadline: deadline)
        do throws(ProbeError) {
            return try exchange(c, url, host: host)
        } catch {
            throw ProbeError("connected to \(c.endpoint), but it did not answer HTTP: \(error.description)")
        }
    }

    private static func exchange(_ c: TCPConnection, _ url: URLComponents, host: String) throws(ProbeError) -> Int {
        let path = (url.percentEncodedPath.isEmpty ? "/" : url.percentEncodedPath) + (url.percentEncodedQuery.map { "?" + $0 } ?? "")
        let hostHeader = url.port.map { "\(host):\($0)" } ?? host
        let request = "GET \(path) HTTP/1.1\r\nHost: \(hostHeader)\r\nUser-Agent: agentspec-health\r\nAccept: */*\r\nConnection: close\r\n\r\n"
        try c.send(Array(request.utf8))
        let head = try c.receive(limit: 1024) { $0.contains(UInt8(ascii: "\n")) }
        // status-line = HTTP-version SP status-code SP [ reason-phrase ] (RFC 9112 §4)
        let line = String(decoding: head.prefix { $0 != UInt8(ascii: "\r") && $0 != UInt8(ascii: "\n") }, as: UTF8.self)
        let parts = line.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), parts[1].count == 3, let code = Int(parts[1]) else {
            throw ProbeError("it answered \(ServiceProbe.printable(head.prefix(40)))")
        }
        return code
    }

    private static func tlsStatus(_ text: String, deadline: Deadline) throws(ProbeError) -> Int {
        var request = HTTPSRequest(url: text, fields: [("User-Agent", "agentspec-health")])
        request.timeoutMillis = max(Int(deadline.remainingMilliseconds), 100)
        var status: Int?
        // The head is the answer: the transfer stops at the first body byte (a stream may never end).
        let failure = HTTPSTransfer.perform(request, on: CurlHandles(maxIdle: 0),
                                            onHead: { code, _ in status = code }, onBody: { _ in false })
        if let status { return status }
        let host = URLComponents(string: text)?.host ?? text
        if failure?.kind == .timedOut { throw ProbeError("\(host) did not answer before the timeout") }
        throw ProbeError("\(host): \(failure?.message ?? "no HTTP answer")")
    }
}
