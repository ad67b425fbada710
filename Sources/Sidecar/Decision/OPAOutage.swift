// OPAOutage: whether the remote OPA is answering, as the decisions themselves find it.
// An outage begins with the first decision that falls back (an error status, a timeout,
// a refused connection, a malformed body) and ends with the first decision OPA makes
// again. A pure state machine: each recorded decision returns the transition it caused,
// so the caller logs once per outage and once per recovery, never once per request.

/// The remote OPA's availability over time.
struct OPAOutageTracker: Sendable {
    /// An outage in progress.
    struct Outage: Sendable, Equatable {
        /// When the first decision fell back (monotonic and wall-clock nanoseconds).
        let since: UInt64
        let sinceUnix: Int64
        /// Decisions that fell back during this outage.
        var fallbacks: Int
        /// Why the newest of them fell back.
        var reason: String
    }

    /// What a recorded decision changed.
    enum Transition: Sendable, Equatable {
        case unchanged
        /// The first fallback of an outage.
        case began(Outage)
        /// The first decision OPA made after an outage (the outage as it ended).
        case ended(Outage)
    }

    private(set) var outage: Outage?

    /// Records a decision that fell back because OPA could not make it.
    mutating func recordFallback(_ reason: String, now: UInt64, unixNow: Int64) -> Transition {
        if var current = outage {
            current.fallbacks += 1
            current.reason = reason
            outage = current
            return .unchanged
        }
        let started = Outage(since: now, sinceUnix: unixNow, fallbacks: 1, reason: reason)
        outage = started
        return .began(started)
    }

    /// Records a decision OPA made.
    mutating func recordAnswer() -> Transition {
        guard let ended = outage else { return .unchanged }
        outage = nil
        return .ended(ended)
    }
}
