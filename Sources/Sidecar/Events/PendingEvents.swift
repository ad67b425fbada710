// PendingEvents: events pushed for a request the audit ring does not hold yet (the
// agent reported before the proxy finished the response). They are kept, bounded in
// count and age, and handed over when the request lands, so no retry is ever needed.
import Synchronization

/// Events waiting for their request, by request id.
public final class PendingEvents: Sendable {
    /// Requests whose events may wait at once; beyond it the oldest are dropped.
    public static let maxRequests = 10_000
    /// How long events wait for their request before they are dropped.
    public static let maxAgeNanoseconds: UInt64 = 60_000_000_000

    private struct Held {
        var report: BehaviourReport
        let since: UInt64
    }

    private let held = Mutex<[String: Held]>([:])

    public init() {}

    /// Keeps `report` for `requestId` (merged with what already waits for it).
    public func hold(_ requestId: String, _ report: BehaviourReport, now: UInt64) {
        held.withLock { h in
            if var existing = h[requestId] {
                existing.report.merge(report)
                h[requestId] = existing
                return
            }
            if h.count >= Self.maxRequests {
                h = h.filter { now &- $0.value.since < Self.maxAgeNanoseconds }
                if h.count >= Self.maxRequests, let oldest = h.min(by: { $0.value.since < $1.value.since }) {
                    h[oldest.key] = nil
                }
            }
            h[requestId] = Held(report: report, since: now)
        }
    }

    /// Takes what waits for `requestId`, unless it is too old.
    public func take(_ requestId: String, now: UInt64) -> BehaviourReport? {
        held.withLock { h in
            // Nearly always nothing is held: do not hash the id for that.
            if h.isEmpty { return nil }
            guard let x = h.removeValue(forKey: requestId) else { return nil }
            return now &- x.since < Self.maxAgeNanoseconds ? x.report : nil
        }
    }

    public var count: Int { held.withLock { $0.count } }
}
