// HTTPServerConfiguration: where a server listens and the limits and timeouts it keeps.
// Invariant: every limit and timeout has a named default with its reason.

/// Listening address, limits and timeouts for an HTTPServer.
package struct HTTPServerConfiguration: Sendable {
    package var host: String
    /// 0 picks an ephemeral port; read the bound one from `HTTPServer.port`.
    package var port: Int
    /// Event loops (threads); default one per core.
    package var threads: Int?
    package var parserLimits = HTTPParserLimits()
    /// Open connections across all loops (each costs a descriptor and its buffers). Past
    /// it a new connection is answered 503 with `Connection: close` and closed at once:
    /// requests already in flight are never failed for it, and no client is left waiting
    /// in the kernel backlog.
    package var maxConnections = 10_000
    /// A keep-alive connection with no request in progress is closed after this long.
    package var idleTimeoutNanos: UInt64 = 60_000_000_000
    /// A request head must be complete this long after its first byte (slowloris): 408.
    /// A new connection that sends no byte at all is closed after this long too, not
    /// after the idle timeout: silent sockets must not hold the connection cap.
    package var headerTimeoutNanos: UInt64 = 10_000_000_000
    /// A request body that makes no progress for this long is abandoned: 408.
    package var bodyTimeoutNanos: UInt64 = 30_000_000_000
    /// Pending response bytes that make no progress for this long: the peer is gone.
    package var writeTimeoutNanos: UInt64 = 30_000_000_000
    /// After the last response on a closing connection, unread input is discarded for
    /// this long so the kernel does not reset the connection under the response.
    package var lingerNanos: UInt64 = 2_000_000_000
    /// Pending response bytes above which `isWritable` turns false (back-pressure).
    package var writeHighWaterBytes = 256 * 1024
    /// Buffered, unparsed input above which the socket is no longer read.
    package var readHighWaterBytes = 64 * 1024
    /// Graceful shutdown waits this long for in-flight requests before closing them.
    package var drainTimeoutNanos: UInt64 = 10_000_000_000

    package init(host: String = "0.0.0.0", port: Int, threads: Int? = nil) {
        self.host = host
        self.port = port
        self.threads = threads
    }
}
