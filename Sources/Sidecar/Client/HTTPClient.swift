// HTTPClient: the client for outbound calls (remote OPA, health probes, LLM APIs):
// one request in, one buffered response out, with async/await or a completion handler.
// Invariants: plain http:// goes through the same pooled, loop-confined connections as
// the proxy (bounded pool per upstream per loop); https:// goes through the system
// libcurl (SystemCalls/HTTPSTransfer.swift) with certificate verification on, on a
// thread of its own; every failure is an HTTPClientError, never a crash. The completion
// form never touches the Swift task pool (it is called on the client's loop or the
// transfer's thread), so a caller that must answer in time (a remote decision) does not
// wait behind whatever occupies the pool's few threads.
import Foundation
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
    /// Reused libcurl handles for https:// (each keeps its connection for the next request).
    private let httpsHandles = CurlHandles()

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
    }

    /// Stops the client's own loop (if it started one).
    package func shutdown() {
        if ownsGroup { group.shutdown() }
    }

    /// Sends `request` and waits for the whole response.
    package func send(_ request: HTTPClientRequest) async throws(HTTPClientError) -> HTTPClientResponse {
        let result = await withCheckedContinuation { continuation in
            send(request) { continuation.resume(returning: $0) }
        }
        return try result.get()
    }

    /// Sends `request`; `completion` is called once with the whole response or the
    /// failure, on the client's event loop (http://) or the transfer's thread (https://).
    package func send(_ request: HTTPClientRequest, completion: @escaping Completion) {
        guard let upstream = Upstream(url: request.url) else {
            completion(.failure(.unreachable("invalid URL \(request.url)")))
            return
        }
        if upstream.scheme == .https {
            sendHTTPS(request, completion: completion)
        } else {
            sendHTTP(request, upstream: upstream, completion: completion)
        }
    }

    /// Receives the outcome of one request.
    package typealias Completion = @Sendable (Result<HTTPClientResponse, HTTPClientError>) -> Void

    /// Calls `then` with the addresses of `upstream`: at once when known, else after a
    /// lookup on the resolver queue (getaddrinfo blocks: never on a loop or the task pool).
    private func withAddresses(of upstream: Upstream, _ then: @escaping @Sendable ([SocketAddress]) -> Void) {
        let key = "\(upstream.host):\(upstream.port)"
        if let cached = resolved.withLock({ $0[key] }) {
            then(cached)
            return
        }
        Self.resolverQueue.async { [self] in
            let found = (try? SocketAddress.resolve(host: upstream.host, port: upstream.port)) ?? []
            if !found.isEmpty { resolved.withLock { $0[key] = found } }
            then(found)
        }
    }

    /// Where host names are looked up: a queue with a thread of its own.
    private static let resolverQueue = DispatchQueue(label: "agentspec.client.resolver")

    private func sendHTTP(_ request: HTTPClientRequest, upstream: Upstream, completion: @escaping Completion) {
        withAddresses(of: upstream) { [self] addresses in
            sendHTTP(request, upstream: upstream, addresses: addresses, completion: completion)
        }
    }

    private func sendHTTP(_ request: HTTPClientRequest, upstream: Upstream, addresses: [SocketAddress],
                          completion: @escaping Completion) {
        guard !addresses.isEmpty else {
            completion(.failure(.unreachable("cannot resolve \(upstream.host)")))
            return
        }
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
        loop.execute {
            let pools = (loop.locals[key] as? ClientPools) ?? ClientPools()
            loop.locals[key] = pools
            let pool = pools.pool(for: upstream, addresses: addresses, configuration: configuration, loop: loop)
            let collector = ResponseCollector(completion: completion, maxBodyBytes: request.maxResponseBodyBytes)
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

    /// The path and query of `url` (after the authority), "/" when empty.
    static func target(of url: String, upstream: Upstream) -> String {
        guard let schemeEnd = url.range(of: "://") else { return "/" }
        let rest = url[schemeEnd.upperBound...]
        guard let start = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) else { return "/" }
        let target = String(rest[start...].prefix { $0 != "#" })
        return target.hasPrefix("/") ? target : "/" + target
    }

    private func sendHTTPS(_ request: HTTPClientRequest, completion: @escaping Completion) {
        var transfer = HTTPSRequest(url: request.url, method: request.method.rawValue, body: request.body)
        transfer.fields = request.headers.filter { !HTTPHeaders.namesEqual($0.name, "Host") }.map { ($0.name, $0.value) }
        transfer.timeoutMillis = Int((request.timeoutNanos ?? configuration.responseTimeoutNanos) / 1_000_000)
        transfer.connectTimeoutMillis = Int(configuration.connectTimeoutNanos / 1_000_000)
        transfer.certificateAuthorityFile = configuration.certificateAuthorityFile
        let limit = request.maxResponseBodyBytes
        Thread.detachNewThread { [httpsHandles, transfer] in
            var head: HTTPResponseHead?
            var body: [UInt8] = []
            let failure = HTTPSTransfer.perform(transfer, on: httpsHandles, onHead: { status, fields in
                var headers = HTTPHeaders()
                for (name, value) in fields { headers.add(name: name, value: value) }
                head = HTTPResponseHead(status: status, headers: headers)
            }, onBody: { bytes in
                // Stops reading as soon as the body passes the limit.
                if let limit, body.count + bytes.count > limit { return false }
                body.append(contentsOf: bytes)
                return true
            })
            if let failure, failure.kind == .aborted, let limit {
                completion(.failure(.responseTooLarge(limit: limit)))
            } else if let failure {
                completion(.failure(.from(failure)))
            } else if let head {
                completion(.success(HTTPClientResponse(head: head, body: body)))
            } else {
                completion(.failure(.malformedResponse("no response head")))
            }
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

/// Buffers one response and completes the request exactly once (loop-confined).
private final class ResponseCollector: UpstreamResponseHandler {
    private var completion: HTTPClient.Completion?
    private var head: HTTPResponseHead?
    private var body: [UInt8] = []
    private let maxBodyBytes: Int?
    var request: UpstreamRequest?

    init(completion: @escaping HTTPClient.Completion, maxBodyBytes: Int?) {
        self.completion = completion
        self.maxBodyBytes = maxBodyBytes
    }

    private func resume(_ result: Result<HTTPClientResponse, HTTPClientError>) {
        guard let completion else { return }
        self.completion = nil
        request = nil
        completion(result)
    }

    func timeOut() {
        guard completion != nil else { return }
        let timedOut: HTTPClientError = head == nil ? .responseTimeout : .idleTimeout
        request?.cancel()
        resume(.failure(timedOut))
    }

    func upstreamDidReceiveHead(_ head: consuming HTTPResponseHead) { self.head = head }
    func upstreamDidReceiveBody(_ bytes: [UInt8]) {
        guard completion != nil else { return }
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
