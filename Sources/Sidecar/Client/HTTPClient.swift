// HTTPClient: the client for outbound calls (remote OPA, health probes, LLM APIs):
// one request in, one buffered response out, with async/await.
// Invariants: plain http:// goes through the same pooled, loop-confined connections as
// the proxy (bounded pool per upstream per loop); https:// goes through URLSession with
// certificate verification on; every failure is an HTTPClientError, never a crash.
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization
import SystemCalls

/// An outbound request with a complete body.
package struct HTTPClientRequest: Sendable {
    /// An absolute http:// or https:// URL (path and query included).
    package var url: String
    package var method: HTTPMethod
    package var headers: HTTPHeaders
    package var body: [UInt8]
    /// Overall deadline for this request (connect + response); nil uses the client's.
    package var timeoutNanos: UInt64?
    /// A response body past this many bytes fails the request (`responseTooLarge`)
    /// instead of being buffered: a peer the sidecar does not control (a bundle server)
    /// cannot make it hold more. nil: no limit.
    package var maxResponseBodyBytes: Int?

    package init(url: String, method: HTTPMethod = .get, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = [],
                timeoutNanos: UInt64? = nil, maxResponseBodyBytes: Int? = nil) {
        self.url = url
        self.method = method
        self.headers = headers
        self.body = body
        self.timeoutNanos = timeoutNanos
        self.maxResponseBodyBytes = maxResponseBodyBytes
    }
}

/// A complete response.
package struct HTTPClientResponse: Sendable {
    package var head: HTTPResponseHead
    package var body: [UInt8]
}

/// Sends buffered requests; create one per process and share it.
///
/// ```swift
/// let client = try HTTPClient()
/// let response = try await client.send(HTTPClientRequest(url: "http://127.0.0.1:8181/health",
///                                                        timeoutNanos: 500_000_000))
/// ```
package final class HTTPClient: Sendable {
    package let configuration: HTTPClientConfiguration
    private let group: EventLoopGroup
    private let ownsGroup: Bool
    private let resolved = Mutex<[String: [SocketAddress]]>([:])
    private let session: URLSession

    /// Uses `group` when given (e.g. a server's loops), else starts one loop of its own.
    package init(configuration: HTTPClientConfiguration = HTTPClientConfiguration(), group: EventLoopGroup? = nil) throws(SystemError) {
        self.configuration = configuration
        if let group {
            self.group = group
            ownsGroup = false
        } else {
            self.group = try EventLoopGroup(threads: 1)
            ownsGroup = true
        }
        let sessionConfiguration = URLSessionConfiguration.ephemeral
        sessionConfiguration.timeoutIntervalForRequest = Double(configuration.responseTimeoutNanos) / 1e9
        session = URLSession(configuration: sessionConfiguration)
    }

    /// Stops the client's own loop (if it started one).
    package func shutdown() {
        if ownsGroup { group.shutdown() }
    }

    /// Sends `request` and waits for the whole response.
    package func send(_ request: HTTPClientRequest) async throws(HTTPClientError) -> HTTPClientResponse {
        guard let upstream = Upstream(url: request.url) else { throw .unreachable("invalid URL \(request.url)") }
        let result: Result<HTTPClientResponse, HTTPClientError>
        if upstream.scheme == .https {
            result = await sendHTTPS(request)
        } else {
            result = await sendHTTP(request, upstream: upstream)
        }
        return try result.get()
    }

    private func addresses(for upstream: Upstream) -> [SocketAddress] {
        let key = "\(upstream.host):\(upstream.port)"
        if let cached = resolved.withLock({ $0[key] }) { return cached }
        let found = (try? SocketAddress.resolve(host: upstream.host, port: upstream.port)) ?? []
        if !found.isEmpty { resolved.withLock { $0[key] = found } }
        return found
    }

    private func sendHTTP(_ request: HTTPClientRequest, upstream: Upstream) async -> Result<HTTPClientResponse, HTTPClientError> {
        let addresses = addresses(for: upstream)
        guard !addresses.isEmpty else { return .failure(.unreachable("cannot resolve \(upstream.host)")) }
        var head = HTTPRequestHead(method: request.method, target: Self.target(of: request.url, upstream: upstream),
                                   headers: request.headers)
        head.headers.replaceOrAdd(name: "Host", value: upstream.hostHeader)
        if !request.body.isEmpty || request.method == .post || request.method == .put {
            head.headers.replaceOrAdd(name: "Content-Length", value: String(request.body.count))
        }
        let loop = group.next()
        let configuration = self.configuration
        let key = ObjectIdentifier(self)
        let finalHead = head
        return await withCheckedContinuation { continuation in
            loop.execute {
                let pools = (loop.locals[key] as? ClientPools) ?? ClientPools()
                loop.locals[key] = pools
                let pool = pools.pool(for: upstream, addresses: addresses, configuration: configuration, loop: loop)
                let collector = ResponseCollector(continuation: continuation, maxBodyBytes: request.maxResponseBodyBytes)
                let framing: BodyFraming = request.body.isEmpty ? .none : .length(request.body.count)
                let upstreamRequest = UpstreamRequest(head: finalHead, framing: framing, handler: collector,
                                                      writeHighWaterBytes: configuration.writeHighWaterBytes)
                collector.request = upstreamRequest
                if let timeout = request.timeoutNanos {
                    loop.schedule(afterNanos: timeout) { collector.timeOut() }
                }
                upstreamRequest.writeBody(request.body)
                upstreamRequest.endBody()
                pool.execute(upstreamRequest)
            }
        }
    }

    /// The path and query of `url` (after the authority), "/" when empty.
    static func target(of url: String, upstream: Upstream) -> String {
        guard let schemeEnd = url.range(of: "://") else { return "/" }
        let rest = url[schemeEnd.upperBound...]
        guard let start = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) else { return "/" }
        let target = String(rest[start...].prefix { $0 != "#" })
        return target.hasPrefix("/") ? target : "/" + target
    }

    private func sendHTTPS(_ request: HTTPClientRequest) async -> Result<HTTPClientResponse, HTTPClientError> {
        guard let url = URL(string: request.url) else { return .failure(.unreachable("invalid URL \(request.url)")) }
        var urlRequest = URLRequest(url: url)
        urlRequest.httpMethod = request.method.rawValue
        if let timeout = request.timeoutNanos { urlRequest.timeoutInterval = Double(timeout) / 1e9 }
        for field in request.headers where !HTTPHeaders.namesEqual(field.name, "Host") {
            urlRequest.addValue(field.value, forHTTPHeaderField: field.name)
        }
        if !request.body.isEmpty { urlRequest.httpBody = Data(request.body) }
        do {
            let (data, response) = try await session.data(for: urlRequest)
            guard let http = response as? HTTPURLResponse else { return .failure(.malformedResponse("not HTTP")) }
            // URLSession buffers the whole body before answering: the limit is checked after.
            if let limit = request.maxResponseBodyBytes, data.count > limit { return .failure(.responseTooLarge(limit: limit)) }
            var headers = HTTPHeaders()
            for (name, value) in http.allHeaderFields {
                if let name = name as? String, let value = value as? String { headers.add(name: name, value: value) }
            }
            return .success(HTTPClientResponse(head: HTTPResponseHead(status: http.statusCode, headers: headers), body: [UInt8](data)))
        } catch {
            return .failure(HTTPSForwarder.map(error))
        }
    }
}

/// The client's pools on one loop, one per upstream authority.
private final class ClientPools {
    private var pools: [String: UpstreamPool] = [:]

    func pool(for upstream: Upstream, addresses: [SocketAddress], configuration: HTTPClientConfiguration,
              loop: EventLoop) -> UpstreamPool {
        let key = "\(upstream.host):\(upstream.port)"
        if let pool = pools[key] { return pool }
        let pool = UpstreamPool(upstream: upstream, addresses: addresses, configuration: configuration, loop: loop)
        pools[key] = pool
        return pool
    }
}

/// Buffers one response and resumes the caller exactly once (loop-confined).
private final class ResponseCollector: UpstreamResponseHandler {
    private var continuation: CheckedContinuation<Result<HTTPClientResponse, HTTPClientError>, Never>?
    private var head: HTTPResponseHead?
    private var body: [UInt8] = []
    private let maxBodyBytes: Int?
    var request: UpstreamRequest?

    init(continuation: CheckedContinuation<Result<HTTPClientResponse, HTTPClientError>, Never>, maxBodyBytes: Int?) {
        self.continuation = continuation
        self.maxBodyBytes = maxBodyBytes
    }

    private func resume(_ result: Result<HTTPClientResponse, HTTPClientError>) {
        guard let continuation else { return }
        self.continuation = nil
        request = nil
        continuation.resume(returning: result)
    }

    func timeOut() {
        guard continuation != nil else { return }
        let timedOut: HTTPClientError = head == nil ? .responseTimeout : .idleTimeout
        request?.cancel()
        resume(.failure(timedOut))
    }

    func upstreamDidReceiveHead(_ head: consuming HTTPResponseHead) { self.head = head }
    func upstreamDidReceiveBody(_ bytes: [UInt8]) {
        guard continuation != nil else { return }
        if let limit = maxBodyBytes, body.count + bytes.count > limit {
            request?.cancel()
            resume(.failure(.responseTooLarge(limit: limit)))
            return
        }
        body.append(contentsOf: bytes)
    }
    func upstreamIsWritable() {}

    func upstreamDidFinish(trailers: HTTPHeaders?) {
        guard let head else { resume(.failure(.malformedResponse("no response head"))); return }
        resume(.success(HTTPClientResponse(head: head, body: body)))
    }

    func upstreamDidFail(_ error: HTTPClientError) { resume(.failure(error)) }
}
