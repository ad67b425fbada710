// ConnectionPhase: where a connection stands, for the server's connections and the
// upstream connections alike. The phase replaces the flags each connection kept (closed,
// received a byte, closing after the flush, received the head, connecting, idle…): what
// a read means, which events to watch and which deadline runs all follow from it, and
// the timeout rules (Server/ConnectionTimeouts.swift, Client/UpstreamTimeouts.swift) are
// pure functions of it.
// Invariant: a closed connection never leaves `.closed`.

/// The phase of one connection. Each case says which side uses it.
enum ConnectionPhase: Equatable {
    /// Upstream: the non-blocking connect is in progress.
    case connecting(since: UInt64)
    /// Server: accepted, and not a byte received yet.
    case awaitingFirstByte(since: UInt64)
    /// Between messages: a server connection waiting for the next request (keep-alive),
    /// an upstream connection resting in its pool.
    case idle(since: UInt64)
    /// Upstream: a request was attached and no byte of its response has come yet.
    case awaitingResponse(since: UInt64)
    /// Part of a head has arrived and the rest is due. `since` is when its deadline
    /// started: a server's at the request head's first byte, an upstream's when the
    /// request was attached (the response timeout runs from the request, not the reply).
    case readingHead(since: UInt64)
    /// Server: a request is being handled; its body, if any, is read as the handler asks.
    /// `lastBodyProgress` is when body bytes last arrived (or the head, before any).
    case handling(lastBodyProgress: UInt64)
    /// Upstream: the response body is streaming; `lastProgress` is when bytes last came.
    case readingBody(lastProgress: UInt64)
    /// Server: the last response is being written; the connection lingers after it.
    case closing
    /// Server: the last response is sent; unread input is discarded until close.
    case lingering(since: UInt64)
    /// Done: the descriptor is closed.
    case closed

    var isClosed: Bool { self == .closed }
}
