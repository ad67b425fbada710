// BundlePollSchedule: every wait lies in [BUNDLE_POLL_MIN_S, BUNDLE_POLL_MAX_S], the
// waits spread over the range (a fleet does not poll in step), and equal bounds give
// exactly that wait. Drawn from a fixed seed: the same values every run.
import Testing
@testable import Sidecar

@Suite struct BundlePollScheduleTests {
    @Test(arguments: [(1, 1), (1, 2), (60, 120), (5, 3600)])
    func everyWaitIsWithinTheBounds(min: Int, max: Int) {
        let schedule = BundlePollSchedule(minSeconds: min, maxSeconds: max)
        var random = FastRandom(seed: 42)
        let waits = (0..<2000).map { _ in schedule.nextDelayNanos(using: &random) }
        let low = UInt64(min) * 1_000_000_000, high = UInt64(max) * 1_000_000_000
        #expect(waits.allSatisfy { $0 >= low && $0 <= high })
        if min == max {
            #expect(Set(waits) == [low])
        } else {
            let middle = (low + high) / 2
            #expect(waits.contains { $0 < middle } && waits.contains { $0 > middle }, "the waits spread over the range")
        }
    }
}
