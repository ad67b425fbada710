// BundlePollSchedule: how long the poller waits before asking the bundle server again —
// a random value in [BUNDLE_POLL_MIN_S, BUNDLE_POLL_MAX_S], after a success and after a
// failure alike (OPA's bounds; the jitter keeps a fleet of sidecars that started
// together from asking in step, and no faster retry piles the fleet onto a server that
// is recovering). Pure: the random source is a parameter, so tests draw from a seed.

/// The wait between two polls.
struct BundlePollSchedule: Sendable {
    let minSeconds: Int
    let maxSeconds: Int

    init(minSeconds: Int, maxSeconds: Int) {
        precondition(minSeconds >= 1 && minSeconds <= maxSeconds, "BundleSettings validates the bounds")
        self.minSeconds = minSeconds
        self.maxSeconds = maxSeconds
    }

    init(_ settings: BundleSettings) { self.init(minSeconds: settings.pollMinSeconds, maxSeconds: settings.pollMaxSeconds) }

    /// The next wait, in nanoseconds, drawn uniformly from the bounds.
    func nextDelayNanos<R: RandomNumberGenerator>(using random: inout R) -> UInt64 {
        let low = UInt64(minSeconds) * 1_000_000_000, high = UInt64(maxSeconds) * 1_000_000_000
        return UInt64.random(in: low...high, using: &random)
    }
}
