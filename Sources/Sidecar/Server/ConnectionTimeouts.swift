// ConnectionTimeouts: which timeout, if any, has expired for a server connection.
// Invariant: a pure function of the phase (Net/ConnectionPhase.swift), timestamps and
// configuration, so every timeout rule is testable with a fake clock and no socket.

/// What to do when the sweep finds an expired deadline.
enum TimeoutAction: Equatable {
    case none
    /// Close without a response (idle keep-alive, lingering, stalled writes).
    case close
    /// Answer 408 Request Timeout with Connection: close, then close.
    case requestTimeout
}

/// Timeout rules for server connections.
struct ConnectionTimeouts {
    var configuration: HTTPServerConfiguration

    /// `lastWriteProgress` is set when output is pending (nil when everything is sent);
    /// `isConsumingBody` says the handler is reading the request body now (not paused,
    /// not complete), the only time its silence counts.
    func action(phase: ConnectionPhase, now: UInt64, lastWriteProgress: UInt64?, isConsumingBody: Bool,
                responseStarted: Bool) -> TimeoutAction {
        if let lastWriteProgress, elapsed(now, since: lastWriteProgress) > configuration.writeTimeoutNanos { return .close }
        switch phase {
        case .awaitingFirstByte(let since):
            // A client that connects and says nothing holds a slot of the connection cap;
            // it gets as long as a slow head would, not the keep-alive idle timeout, and
            // is closed without an answer (there is no request to answer).
            return elapsed(now, since: since) > configuration.headerTimeoutNanos ? .close : .none
        case .idle(let since):
            // RFC 9112 §9.5: "A client, server, or proxy MAY close the transport connection
            // at any time" — an idle keep-alive connection is closed silently.
            return elapsed(now, since: since) > configuration.idleTimeoutNanos ? .close : .none
        case .readingHead(let since):
            // RFC 9110 §15.5.9: 408 "indicates that the server did not receive a complete
            // request message within the time that it was prepared to wait."
            return elapsed(now, since: since) > configuration.headerTimeoutNanos ? .requestTimeout : .none
        case .handling(let lastBodyProgress):
            guard isConsumingBody, elapsed(now, since: lastBodyProgress) > configuration.bodyTimeoutNanos else { return .none }
            return responseStarted ? .close : .requestTimeout
        case .closing:
            // Only the write timeout above: the last response is on its way.
            return .none
        case .lingering(let since):
            return elapsed(now, since: since) > configuration.lingerNanos ? .close : .none
        case .connecting, .awaitingResponse, .readingBody, .closed:
            // Upstream phases (Client/UpstreamTimeouts.swift), or nothing left to time.
            return .none
        }
    }
}
