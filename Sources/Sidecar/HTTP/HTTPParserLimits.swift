// HTTPParserLimits: the byte and count limits the parser enforces.
// Invariant: the parser never buffers more than these limits allow before it either
// emits an event or fails with the status named here.

/// Limits applied while parsing one message. Each exists to bound memory per connection.
package struct HTTPParserLimits: Sendable, Equatable {
    /// Request line or status line, in bytes. 8 KiB is what common servers accept for
    /// URLs; longer lines are almost always abuse. Exceeding it: 414 (request).
    package var maxStartLineBytes: Int = 8 * 1024
    /// The whole header section (start line included), in bytes. Exceeding it: 431.
    package var maxHeaderBytes: Int = 32 * 1024
    /// Header field lines. Exceeding it: 431.
    package var maxHeaderCount: Int = 100
    /// Body bytes per message (after dechunking). Routes may lower or raise it after the
    /// head is seen. Exceeding it: 413. `Int.max` disables the limit (responses).
    package var maxBodyBytes: Int = 16 * 1024 * 1024
    /// A chunk-size line including extensions. Extensions carry nothing we use; a bound
    /// stops a peer from streaming an endless extension. Exceeding it: 400.
    package var maxChunkLineBytes: Int = 1024
    /// The trailer section after the last chunk. Exceeding it: 431.
    package var maxTrailerBytes: Int = 8 * 1024

    package init() {}

    /// Limits for parsing upstream responses: no body cap (bodies are streamed), larger
    /// headers tolerated since the agent is trusted more than the Internet.
    package static var response: HTTPParserLimits {
        var limits = HTTPParserLimits()
        limits.maxBodyBytes = Int.max
        limits.maxHeaderBytes = 64 * 1024
        limits.maxHeaderCount = 200
        return limits
    }
}
