// HTTPSForwarder: sends proxied requests to an https:// upstream through the system
// libcurl (SystemCalls/HTTPSTransfer.swift; TLS with certificate verification on), each
// on a thread of its own, since a libcurl transfer blocks.
// Invariants: every callback reaches the request's handler on its own event loop, in
// order (head, body chunks, then the end or the failure); redirects are passed to the
// client, never followed. Limits (documented): the request body is buffered (bounded by
// the server's body limit) before sending, and the transfer's thread does not wait for
// a slow client, so the response is buffered on the loop.
import Foundation
import SystemCalls

/// Forwards requests over HTTPS with libcurl.
final class HTTPSForwarder: Sendable {
    private let configuration: HTTPClientConfiguration
    /// Reused libcurl handles: a finished transfer's connection serves the next one.
    private let handles = CurlHandles()

    init(configuration: HTTPClientConfiguration) {
        self.configuration = configuration
    }

    /// Reads the whole request body, then starts the transfer. Call on the exchange's loop.
    func forward(head: HTTPRequestHead, upstream: Upstream, exchange: HTTPServerExchange, handler: UpstreamResponseHandler) {
        var body: [UInt8] = []
        let loop = exchange.eventLoop
        exchange.readBody(onChunk: { body.append(contentsOf: $0) }, onEnd: { [self] _ in
            let port = upstream.port == 443 ? "" : ":\(upstream.port)"
            var request = HTTPSRequest(url: "https://\(upstream.host)\(port)\(head.target)", method: head.method.rawValue, body: body)
            for field in head.headers {
                let name = field.name.asciiLowercased()
                if name == "host" || name == "content-length" || name == "transfer-encoding" { continue }
                request.fields.append((field.name, field.value))
            }
            request.connectTimeoutMillis = Int(configuration.connectTimeoutNanos / 1_000_000)
            request.idleTimeoutSeconds = Int((configuration.responseTimeoutNanos + 999_999_999) / 1_000_000_000)
            request.certificateAuthorityFile = configuration.certificateAuthorityFile
            let box = UncheckedSendableBox(handler)
            Thread.detachNewThread { [handles, request] in
                let failure = HTTPSTransfer.perform(request, on: handles, onHead: { status, fields in
                    var headers = HTTPHeaders()
                    for (name, value) in fields {
                        // libcurl undoes chunked framing; our server frames the body again.
                        let lowered = name.asciiLowercased()
                        if lowered == "content-length" || lowered == "transfer-encoding" { continue }
                        headers.add(name: name, value: value)
                    }
                    let head = HTTPResponseHead(status: status, headers: headers)
                    loop.execute { box.value.upstreamDidReceiveHead(head) }
                }, onBody: { bytes in
                    let chunk = [UInt8](bytes)
                    loop.execute { box.value.upstreamDidReceiveBody(chunk) }
                    return true
                })
                if let failure {
                    let error = HTTPClientError.from(failure)
                    loop.execute { box.value.upstreamDidFail(error) }
                } else {
                    loop.execute { box.value.upstreamDidFinish(trailers: nil) }
                }
            }
        })
    }
}
