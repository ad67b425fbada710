// UploadSchedule with a fake clock: a batch goes when a full one waits or the flush
// interval has passed, never two at once; after a failure the wait doubles from the
// minimum, jittered within [base/2, base), and never reaches past the maximum; a success
// ends the backoff.
import Testing
@testable import Sidecar

@Suite struct UploadScheduleTests {
    static let ms: UInt64 = 1_000_000

    static func schedule(flushMs: Int = 1_000, limit: Int = 1_000, retryMin: Int = 100, retryMax: Int = 1_600) -> UploadSchedule {
        var settings = DecisionLogSettings(url: HTTPURL("http://collector.test/logs")!)
        settings.flushIntervalMs = flushMs
        settings.uploadLimitBytes = limit
        settings.retryMinMs = retryMin
        settings.retryMaxMs = retryMax
        return UploadSchedule(settings: settings, now: 0)
    }

    @Test func aBatchWaitsForTheIntervalUnlessAFullOneIsReady() {
        let s = Self.schedule()
        #expect(!s.isDue(now: 10 * Self.ms, events: 0, bytes: 0), "nothing to send")
        #expect(!s.isDue(now: 999 * Self.ms, events: 3, bytes: 300), "a partial batch waits for the interval")
        #expect(s.isDue(now: 1_000 * Self.ms, events: 3, bytes: 300), "the interval has passed")
        // 10 events of 99 bytes make a 1001-byte array: a full batch goes at once.
        #expect(s.isDue(now: 1 * Self.ms, events: 10, bytes: 990))
        #expect(!s.isDue(now: 1 * Self.ms, events: 9, bytes: 890), "a 900-byte array is not full")
    }

    @Test func oneUploadAtATime() {
        var s = Self.schedule()
        s.began()
        #expect(!s.isDue(now: 5_000 * Self.ms, events: 100, bytes: 100_000))
        s.ended(ok: true, now: 5_000 * Self.ms, draw: 0.5)
        #expect(s.isDue(now: 5_000 * Self.ms, events: 100, bytes: 100_000), "a full batch follows a success at once")
        #expect(!s.isDue(now: 5_001 * Self.ms, events: 1, bytes: 10), "the interval restarts at the upload")
    }

    @Test func failuresBackOffAndASuccessEndsTheBackoff() {
        var s = Self.schedule()
        var now: UInt64 = 2_000 * Self.ms
        var waits: [UInt64] = []
        for _ in 0..<8 {
            #expect(s.isDue(now: now, events: 1, bytes: 10))
            s.began()
            let wait = s.ended(ok: false, now: now, draw: 0.999)
            waits.append(wait / Self.ms)
            #expect(!s.isDue(now: now + wait - 1, events: 1, bytes: 10), "no retry before the wait is over")
            now += wait
        }
        // Bases 100, 200, 400, 800, 1600, then the 1600 ceiling; the draw near 1 gives just under each.
        #expect(waits == [99, 199, 399, 799, 1_599, 1_599, 1_599, 1_599])
        s.began()
        #expect(s.ended(ok: true, now: now, draw: 0.5) == 0)
        #expect(s.failures == 0)
        #expect(!s.isDue(now: now + 1, events: 1, bytes: 10), "after a success, a partial batch waits for the interval again")
    }

    @Test(arguments: [1, 2, 3, 5, 10, 30, 64, 1_000])
    func backoffStaysWithinItsBounds(failures: Int) {
        let min: UInt64 = 100 * Self.ms, max: UInt64 = 30_000 * Self.ms
        var lowest = UInt64.max, highest: UInt64 = 0
        for draw in stride(from: 0.0, through: 1.0, by: 0.05) {
            let wait = UploadSchedule.backoff(failures: failures, min: min, max: max, draw: draw)
            lowest = Swift.min(lowest, wait)
            highest = Swift.max(highest, wait)
        }
        let base = Swift.min(max, min << UInt64(Swift.min(failures - 1, 20)))
        #expect(lowest == base / 2, "the lowest wait is half the base")
        #expect(highest < base && highest >= base - base / 50, "the highest is just under the base")
        #expect(highest < max)
        #expect(lowest >= min / 2)
    }
}
