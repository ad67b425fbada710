// HTTPProbe: does a URL answer HTTP? For `http://` a single GET over a plain socket
// (HTTP/1.1, `Connection: close`), reading only the status line, so a streaming
// endpoint (MCP over SSE) answers as quickly as any other; for `https://` a
// URLSession request with the same deadline. Any answer below 500 counts as up (an
// endpoint may well want a POST or credentials); 5xx and no answer count as down.
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

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

    /// Collects a URLSession result across threads.
    private final class Box: @unchecked Sendable {
        let lock = NSLock()
        var status: Int?
        var error: String?
    }

    private static func tlsStatus(_ text: String, deadline: Deadline) throws(ProbeError) -> Int {
        guard let url = URL(string: text) else { throw ProbeError("\"\(text)\" is not a URL") }
        let seconds = Double(deadline.remainingMilliseconds) / 1000
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: max(seconds, 0.1))
        request.httpMethod = "GET"
        request.setValue("agentspec-health", forHTTPHeaderField: "User-Agent")
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        let session = URLSession(configuration: .ephemeral)
        let task = session.dataTask(with: request) { _, response, error in
            box.lock.lock()
            box.status = (response as? HTTPURLResponse)?.statusCode
            box.error = error?.localizedDescription
            box.lock.unlock()
            done.signal()
        }
        task.resume()
        if done.wait(timeout: .now() + .milliseconds(Int(deadline.remainingMilliseconds))) == .timedOut {
            task.cancel()
            session.invalidateAndCancel()
            throw ProbeError("\(url.host ?? text) did not answer before the timeout")
        }
        session.finishTasksAndInvalidate()
        box.lock.lock()
        defer { box.lock.unlock() }
        if let status = box.status { return status }
        throw ProbeError("\(url.host ?? text): \(box.error ?? "no HTTP answer")")
    }
}
