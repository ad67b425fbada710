// UploadSchedule: when the decision log uploads — a batch goes as soon as a full one is
// waiting (the upload limit) or the flush interval has passed since the last upload, one
// upload at a time; after a failed upload the next attempt waits a bounded exponential
// backoff with jitter, so a fleet of sidecars does not retry in step against a collector
// that is coming back. A pure state machine over a caller's monotonic clock (nanoseconds)
// and a caller's random draw, so every rule is tested with a fake clock.
// Invariant: at most one upload is in flight; a wait never exceeds DECISION_LOG_RETRY_MAX_MS.

/// The decision log's upload timing.
struct UploadSchedule: Sendable {
    let flushIntervalNanos: UInt64
    let uploadLimitBytes: Int
    let retryMinNanos: UInt64
    let retryMaxNanos: UInt64

    /// When the last upload ended (or the schedule began).
    private(set) var lastUploadAt: UInt64
    /// Uploads that failed in a row (0: the collector took the last one).
    private(set) var failures = 0
    /// No attempt before this (a backoff in progress).
    private(set) var notBefore: UInt64 = 0
    private(set) var isUploading = false

    init(settings: DecisionLogSettings, now: UInt64) {
        flushIntervalNanos = UInt64(settings.flushIntervalMs) * 1_000_000
        uploadLimitBytes = settings.uploadLimitBytes
        retryMinNanos = UInt64(settings.retryMinMs) * 1_000_000
        retryMaxNanos = UInt64(settings.retryMaxMs) * 1_000_000
        lastUploadAt = now
    }

    /// Whether a batch should be taken and sent now, with `events` events of `bytes`
    /// bytes waiting.
    func isDue(now: UInt64, events: Int, bytes: Int) -> Bool {
        guard !isUploading, events > 0, now >= notBefore else { return false }
        if failures > 0 { return true }  // the backoff is over: retry
        // A full batch waits: its JSON array (brackets and commas) reaches the limit.
        if bytes + events + 1 >= uploadLimitBytes { return true }
        return now &- lastUploadAt >= flushIntervalNanos
    }

    mutating func began() { isUploading = true }

    /// The upload ended; `draw` is uniform in [0, 1) (the jitter). Returns the wait before
    /// the next attempt (0 after a success: more full batches may go at once).
    @discardableResult
    mutating func ended(ok: Bool, now: UInt64, draw: Double) -> UInt64 {
        isUploading = false
        lastUploadAt = now
        guard !ok else {
            failures = 0
            notBefore = now
            return 0
        }
        failures += 1
        let wait = Self.backoff(failures: failures, min: retryMinNanos, max: retryMaxNanos, draw: draw)
        notBefore = now + wait
        return wait
    }

    /// The wait after `failures` failed uploads in a row: the base doubles from `min` per
    /// failure up to `max`, and the wait is drawn uniformly from the upper half of the base,
    /// [base/2, base) — every wait is at least min/2 and below max.
    static func backoff(failures: Int, min: UInt64, max: UInt64, draw: Double) -> UInt64 {
        let doublings = Swift.min(Swift.max(failures - 1, 0), 40)
        let (scaled, overflow) = min.multipliedReportingOverflow(by: 1 << UInt64(doublings))
        let base = overflow ? max : Swift.min(scaled, max)
        let half = base / 2
        let jitter = UInt64(Double(base - half) * Swift.min(Swift.max(draw, 0), 0.999_999))
        return half + jitter
    }
}
