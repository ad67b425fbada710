// HTTPClientConfiguration: timeouts and pool bounds for upstream connections.
// Invariant: every pool is bounded both in open and in idle connections.

/// Timeouts and pool sizes for an upstream connection pool (per event loop).
package struct HTTPClientConfiguration: Sendable {
    /// Establishing the TCP connection (including waiting for a free pool slot).
    package var connectTimeoutNanos: UInt64 = 5_000_000_000
    /// From the whole request being handed over to the response head
    /// (UPSTREAM_TIMEOUT_MS): 504.
    package var responseTimeoutNanos: UInt64 = 120_000_000_000
    /// Silence in the middle of a response body; long, because LLM streams pause.
    package var bodyIdleTimeoutNanos: UInt64 = 300_000_000_000
    /// An idle pooled connection is closed after this long. Kept below common upstream
    /// keep-alive timeouts (uvicorn: 5 s) so we rarely reuse a connection the upstream
    /// is closing at that moment (a race that turns a POST into a 502).
    package var poolIdleTimeoutNanos: UInt64 = 4_000_000_000
    /// Open connections to one upstream from one event loop; requests past it wait.
    package var maxConnectionsPerLoop = 512
    /// Idle keep-alive connections kept per upstream per event loop.
    package var maxIdlePerLoop = 128
    /// Pending request bytes above which the caller should pause (back-pressure).
    package var writeHighWaterBytes = 256 * 1024
    /// Buffered response bytes above which the socket is no longer read.
    package var readHighWaterBytes = 64 * 1024
    /// PEM certificates trusted for https:// upstreams instead of the system's (a test's
    /// own authority); nil: the system's.
    package var certificateAuthorityFile: String?

    package init() {}
}
