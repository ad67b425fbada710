// The remote OPA's availability as decisions find it: one transition when an outage
// begins and one when it ends, however many decisions fall back in between.
import Testing
@testable import Sidecar

@Suite struct OPAOutageTrackerTests {
    @Test func anOutageBeginsOnceAndEndsOnce() {
        var tracker = OPAOutageTracker()
        #expect(tracker.recordAnswer() == .unchanged)
        let began = tracker.recordFallback("OPA answered HTTP 500", now: 10, unixNow: 1_000)
        #expect(began == .began(.init(since: 10, sinceUnix: 1_000, fallbacks: 1, reason: "OPA answered HTTP 500")))
        for i in 0..<100 { #expect(tracker.recordFallback("timeout \(i)", now: 11, unixNow: 1_001) == .unchanged) }
        #expect(tracker.outage?.fallbacks == 101 && tracker.outage?.reason == "timeout 99" && tracker.outage?.since == 10)
        #expect(tracker.recordAnswer() == .ended(.init(since: 10, sinceUnix: 1_000, fallbacks: 101, reason: "timeout 99")))
        #expect(tracker.outage == nil && tracker.recordAnswer() == .unchanged)
        if case .began = tracker.recordFallback("again", now: 20, unixNow: 2_000) {} else { Issue.record("a second outage begins") }
    }
}
