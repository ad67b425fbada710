// ReverseProxy: forwards a server exchange to one upstream and streams the answer back.
// Invariants: one connection pool per event loop (no cross-thread sharing); the request
// head sent upstream is built in one function (`upstreamHead`) so every header rule —
// hop-by-hop, Host, X-Forwarded-*, X-Request-Id — is applied in a single place.
import Synchronization
import SystemCalls

/// A reverse proxy to one upstream. Create it once; call `forward` from a server handler.
///
/// ```swift
/// let proxy = try ReverseProxy(configuration: .init(upstream: "http://127.0.0.1:8000"))
/// let server = HTTPServer(configuration: .init(port: 4000)) { proxy.forward($0) }
/// ```
package final class ReverseProxy: Sendable {
    package let configuration: ReverseProxyConfiguration
    let upstream: Upstream
    private let addresses: Mutex<[SocketAddress]>
    private let httpsForwarder: HTTPSForwarder?
    /// `configuration.strippedRequestHeaderPrefixes`, prepared for lookups.
    private let strippedPrefixes: [HTTPFieldName]

    /// Validates the upstream URL and resolves its host (this may block on DNS once).
    package init(configuration: ReverseProxyConfiguration) throws(ProxyConfigurationError) {
        guard let upstream = Upstream(url: configuration.upstream) else {
            throw ProxyConfigurationError(message: "Invalid UPSTREAM_URL: \"\(configuration.upstream)\" — must use http: or https: protocol")
        }
        self.configuration = configuration
        self.upstream = upstream
        self.addresses = Mutex((try? SocketAddress.resolve(host: upstream.host, port: upstream.port)) ?? [])
        self.httpsForwarder = upstream.scheme == .https ? HTTPSForwarder(configuration: configuration.client) : nil
        self.strippedPrefixes = configuration.strippedRequestHeaderPrefixes.map { HTTPFieldName($0) }
    }

    /// Forwards the exchange upstream. Call on the exchange's event loop (the handler).
    package func forward(_ exchange: HTTPServerExchange) {
        let requestId = RequestId.resolve(exchange.request.headers, using: &exchange.eventLoop.random)
        if exchange.request.method == .connect {
            let (head, body) = ErrorBody.response(status: 501, message: "CONNECT is not supported", requestId: requestId)
            exchange.respond(head, body: body)
            return
        }
        let head = upstreamHead(for: exchange, requestId: requestId)
        let proxied = ProxyExchange(proxy: self, exchange: exchange, requestId: requestId)
        if let httpsForwarder {
            proxied.startHTTPS(head, forwarder: httpsForwarder)
        } else {
            proxied.start(consume head, pool: pool(on: exchange.eventLoop))
        }
    }

    /// The pool for this proxy on `loop`, created on first use.
    func pool(on loop: EventLoop) -> UpstreamPool {
        let key = ObjectIdentifier(self)
        if let pool = loop.locals[key] as? UpstreamPool { return pool }
        var resolved = addresses.withLock { $0 }
        if resolved.isEmpty {
            resolved = (try? SocketAddress.resolve(host: upstream.host, port: upstream.port)) ?? []
            let found = resolved
            addresses.withLock { $0 = found }
        }
        let pool = UpstreamPool(upstream: upstream, addresses: resolved, configuration: configuration.client, loop: loop)
        if !resolved.isEmpty { loop.locals[key] = pool }
        return pool
    }

    /// Builds the request head sent upstream from the client's.
    func upstreamHead(for exchange: HTTPServerExchange, requestId: String) -> HTTPRequestHead {
        let request = exchange.request
        let connectionOptions = HopByHop.connectionOptions(request.headers)
        let fields = request.headers
        var headers = HTTPHeaders(reservingCapacity: fields.count + 6, byteCapacity: fields.byteCount + 256)
        var hostFieldIndex: Int?
        var priorForwardedFor = ""
        // One pass over the client's fields: drop what must not cross the proxy, set
        // aside what the proxy rewrites, keep the rest in order (copied as bytes).
        for index in fields.indices {
            if fields.name(at: index, is: .host) {
                hostFieldIndex = index
            } else if fields.name(at: index, is: .xForwardedFor) {
                let value = fields.value(at: index)
                priorForwardedFor += priorForwardedFor.isEmpty ? value : ", " + value
            } else if HopByHop.isHopByHop(fields, at: index)
                        || connectionOptions.contains(where: { fields.name(at: index, is: $0) })
                        // The proxy answers `Expect: 100-continue` itself before reading the body.
                        || fields.name(at: index, is: .expect)
                        || fields.name(at: index, is: .xForwardedProto) || fields.name(at: index, is: .xForwardedHost)
                        || fields.name(at: index, is: .xRequestId)
                        || strippedPrefixes.contains(where: { fields.name(at: index, hasPrefix: $0) }) {
                continue
            } else {
                headers.append(fieldAt: index, of: fields)
            }
        }
        let clientIP = exchange.remoteHost
        // RFC 9110 §7.2: a proxy "MUST send an appropriate Host header field" for the
        // upstream it contacts; ours is the configured upstream's authority.
        headers.add(.host, value: upstream.hostHeader)
        headers.add(.xForwardedFor, value: priorForwardedFor.isEmpty ? clientIP : priorForwardedFor + ", " + clientIP)
        headers.add(.xForwardedProto, value: configuration.forwardedProto)
        if let hostFieldIndex { headers.add(.xForwardedHost, valueOfFieldAt: hostFieldIndex, in: fields) }
        headers.add(.xRequestId, value: requestId)
        switch Self.bodyFraming(of: request) {
        case .chunked:
            headers.remove(.contentLength)
            headers.add(.transferEncoding, value: "chunked")
        case .none:
            if request.headers.contains(.contentLength) { headers.replaceOrAdd(.contentLength, value: "0") }
        default:
            break
        }
        return HTTPRequestHead(method: request.method, target: upstreamTarget(request.target), version: .http1_1, headers: headers)
    }

    /// The body framing of a request the server already validated.
    static func bodyFraming(of request: HTTPRequestHead) -> BodyFraming {
        if request.headers.contains(.transferEncoding) { return .chunked }
        if let value = request.headers[first: .contentLength], let length = BodyFraming.parseContentLength(value), length > 0 {
            return .length(length)
        }
        return .none
    }

    /// The upstream path prefix plus the client's path and query (absolute-form targets
    /// are reduced to origin-form, RFC 9112 §3.2.2).
    func upstreamTarget(_ target: String) -> String {
        // The usual case, an origin-form target to an upstream without a path prefix,
        // goes through as it is (checked on the first byte: String.hasPrefix costs more).
        if target.utf8.first == UInt8(ascii: "/") && upstream.pathPrefix.isEmpty { return target }
        var path = target
        if !target.hasPrefix("/") && target != "*" {
            if let schemeEnd = target.range(of: "://") {
                let afterAuthority = target[schemeEnd.upperBound...]
                let start = afterAuthority.firstIndex { $0 == "/" || $0 == "?" } ?? afterAuthority.endIndex
                path = String(afterAuthority[start...])
                if !path.hasPrefix("/") { path = "/" + path }
            }
        }
        if path == "*" { return upstream.pathPrefix.isEmpty ? "*" : upstream.pathPrefix }
        return upstream.pathPrefix + path
    }
}
