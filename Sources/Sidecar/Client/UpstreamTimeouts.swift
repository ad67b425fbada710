// UpstreamTimeouts: which deadline, if any, an upstream connection has passed.
// Invariant: a pure function of the phase, timestamps and configuration, so every
// upstream timeout rule is testable with a fake clock and no socket (as the server's,
// Server/ConnectionTimeouts.swift).

/// What to do about an expired upstream deadline.
enum UpstreamTimeoutAction: Equatable {
    case none
    /// Close without failing anyone (an idle pooled connection).
    case close
    /// Fail the request in flight with this error and close.
    case fail(HTTPClientError)
}

/// Timeout rules for upstream connections.
struct UpstreamTimeouts {
    var configuration: HTTPClientConfiguration

    /// `bodyCompletedAt` is when the last request byte was handed over (nil while the
    /// request body is still being sent: the response is not due yet); `isPaused` says
    /// the response is paused by its reader (silence is then ours, not the upstream's).
    func action(phase: ConnectionPhase, now: UInt64, bodyCompletedAt: UInt64?, isPaused: Bool) -> UpstreamTimeoutAction {
        switch phase {
        case .connecting(let since):
            return elapsed(now, since: since) > configuration.connectTimeoutNanos ? .fail(.connectTimeout) : .none
        case .idle(let since):
            return elapsed(now, since: since) > configuration.poolIdleTimeoutNanos ? .close : .none
        case .awaitingResponse(let since), .readingHead(let since):
            // The response timeout (UPSTREAM_TIMEOUT_MS) counts from the whole request
            // being handed over, so a slow upload is never mistaken for a silent upstream.
            // `bodyCompletedAt` may be later than this tick's `now`; `elapsed` never wraps.
            guard let bodyCompletedAt else { return .none }
            return elapsed(now, since: max(since, bodyCompletedAt)) > configuration.responseTimeoutNanos ? .fail(.responseTimeout) : .none
        case .readingBody(let lastProgress):
            guard !isPaused else { return .none }
            return elapsed(now, since: lastProgress) > configuration.bodyIdleTimeoutNanos ? .fail(.idleTimeout) : .none
        case .awaitingFirstByte, .handling, .closing, .lingering, .closed:
            return .none
        }
    }
}
