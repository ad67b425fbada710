// HTTPSForwarder: sends proxied requests to an https:// upstream through
// FoundationNetworking's URLSession (TLS with certificate verification on).
// Invariants: every callback reaches the request's handler on its own event loop;
// redirects are passed to the client, never followed. Limits (documented): the request
// body is buffered (bounded by the server's body limit) before sending, and URLSession
// offers no read back-pressure, so a slow client lets it buffer the response.
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization

/// Forwards requests over HTTPS with URLSession.
final class HTTPSForwarder: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    private let configuration: HTTPClientConfiguration
    private var session: URLSession!
    private let tasks = Mutex<[Int: TaskState]>([:])

    /// What the delegate needs to route one task's callbacks.
    private struct TaskState: @unchecked Sendable {
        let handler: UpstreamResponseHandler
        let loop: EventLoop
    }

    init(configuration: HTTPClientConfiguration) {
        self.configuration = configuration
        super.init()
        let sessionConfiguration = URLSessionConfiguration.ephemeral
        sessionConfiguration.timeoutIntervalForRequest = Double(configuration.responseTimeoutNanos) / 1e9
        sessionConfiguration.httpMaximumConnectionsPerHost = configuration.maxConnectionsPerLoop
        sessionConfiguration.httpShouldSetCookies = false
        sessionConfiguration.requestCachePolicy = .reloadIgnoringLocalCacheData
        session = URLSession(configuration: sessionConfiguration, delegate: self, delegateQueue: nil)
    }

    /// Reads the whole request body, then starts the task. Call on the exchange's loop.
    func forward(head: HTTPRequestHead, upstream: Upstream, exchange: HTTPServerExchange, handler: UpstreamResponseHandler) {
        var body: [UInt8] = []
        let loop = exchange.eventLoop
        exchange.readBody(onChunk: { body.append(contentsOf: $0) }, onEnd: { [self] _ in
            let port = upstream.port == 443 ? "" : ":\(upstream.port)"
            guard let url = URL(string: "https://\(upstream.host)\(port)\(head.target)") else {
                handler.upstreamDidFail(.malformedResponse("invalid upstream URL"))
                return
            }
            var request = URLRequest(url: url)
            request.httpMethod = head.method.rawValue
            for field in head.headers {
                let name = field.name.asciiLowercased()
                if name == "host" || name == "content-length" || name == "transfer-encoding" { continue }
                request.addValue(field.value, forHTTPHeaderField: field.name)
            }
            if !body.isEmpty { request.httpBody = Data(body) }
            let task = session.dataTask(with: request)
            tasks.withLock { $0[task.taskIdentifier] = TaskState(handler: handler, loop: loop) }
            task.resume()
        })
    }

    private func state(for task: URLSessionTask, remove: Bool = false) -> TaskState? {
        tasks.withLock { remove ? $0.removeValue(forKey: task.taskIdentifier) : $0[task.taskIdentifier] }
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
        defer { completionHandler(.allow) }
        guard let state = state(for: dataTask), let http = response as? HTTPURLResponse else { return }
        var headers = HTTPHeaders()
        for (name, value) in http.allHeaderFields {
            guard let name = name as? String, let value = value as? String else { continue }
            // URLSession may have decoded the body; its length is re-framed by our server.
            if name.asciiLowercased() == "content-length" { continue }
            headers.add(name: name, value: value)
        }
        let head = HTTPResponseHead(status: http.statusCode, headers: headers)
        let box = UncheckedSendableBox(state.handler)
        state.loop.execute { box.value.upstreamDidReceiveHead(head) }
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        guard let state = state(for: dataTask) else { return }
        let bytes = [UInt8](data)
        let box = UncheckedSendableBox(state.handler)
        state.loop.execute { box.value.upstreamDidReceiveBody(bytes) }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void) {
        completionHandler(nil)
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        guard let state = state(for: task, remove: true) else { return }
        let box = UncheckedSendableBox(state.handler)
        guard let error else {
            state.loop.execute { box.value.upstreamDidFinish(trailers: nil) }
            return
        }
        let mapped = Self.map(error)
        state.loop.execute { box.value.upstreamDidFail(mapped) }
    }

    static func map(_ error: Error) -> HTTPClientError {
        guard let urlError = error as? URLError else { return .unreachable(String(describing: error)) }
        switch urlError.code {
        case .cannotConnectToHost: return .connectionRefused
        case .timedOut: return .responseTimeout
        case .networkConnectionLost: return .connectionReset
        case .cancelled: return .cancelled
        default: return .unreachable(urlError.localizedDescription)
        }
    }
}
