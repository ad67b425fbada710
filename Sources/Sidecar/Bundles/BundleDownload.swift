// BundleDownload: one request to the bundle server and what its answer means, OPA's
// bundle service API: `GET` the URL with `If-None-Match` (the ETag of the bundle in
// force) and `Authorization: Bearer` when BUNDLE_TOKEN is set; 200 is a bundle (its
// body a gzipped tarball, its ETag kept), 304 says the bundle in force is current, any
// other status or a failed exchange is a failure with the reason. Pure: no I/O here.
// Invariant: the body is bounded by the bundle limit before it is held whole.
import AgentSpec

enum BundleDownload {
    /// A bundle server slower than this is abandoned for this poll.
    static let timeoutNanos: UInt64 = 60_000_000_000

    /// The request for the bundle, conditional on `etag`.
    static func request(_ settings: BundleSettings, ifNoneMatch etag: String?, limits: BundleLimits) -> HTTPClientRequest {
        var headers: HTTPHeaders = ["Accept": "application/gzip", "User-Agent": "agentspec-sidecar/\(AgentSpecVersion.current)"]
        if let etag { headers.add(name: "If-None-Match", value: etag) }
        if let token = settings.token { headers.add(name: "Authorization", value: "Bearer \(token)") }
        return HTTPClientRequest(url: settings.requestURL, headers: headers, timeoutNanos: timeoutNanos,
                                 maxResponseBodyBytes: limits.maxCompressedBytes)
    }

    /// What the exchange's `result` says.
    static func answer(_ result: Result<HTTPClientResponse, HTTPClientError>) -> BundleTracker.Answer {
        switch result {
        case .failure(let error):
            return .failed(BundleFailure(message: "bundle download failed: \(error)"))
        case .success(let response):
            switch response.head.status {
            case 200:
                return .bundle(archive: response.body, etag: response.head.headers[first: "ETag"])
            case 304:
                return .notModified
            case let status:
                return .failed(BundleFailure(message: "bundle server replied with HTTP \(status)", httpCode: status))
            }
        }
    }
}
