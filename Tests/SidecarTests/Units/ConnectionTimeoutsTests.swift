// Timeout rules on a fake clock: idle and silent new connections close silently, slow
// heads and stalled bodies get 408, lingering and stalled writes close.
import Testing
@testable import Sidecar

@Suite struct ConnectionTimeoutsTests {
    static let rules: ConnectionTimeouts = {
        var configuration = HTTPServerConfiguration(port: 0)
        configuration.idleTimeoutNanos = 100
        configuration.headerTimeoutNanos = 50
        configuration.bodyTimeoutNanos = 70
        configuration.writeTimeoutNanos = 30
        configuration.lingerNanos = 20
        return ConnectionTimeouts(configuration: configuration)
    }()

    @Test(arguments: [
        (ConnectionPhase.idle(since: 0), UInt64(100), TimeoutAction.none),
        (.idle(since: 0), 101, .close),
        // A connection that never sent a byte gets the header timeout, silently.
        (.awaitingFirstByte(since: 0), 50, .none),
        (.awaitingFirstByte(since: 0), 51, .close),
        (.readingHead(since: 10), 60, .none),
        (.readingHead(since: 10), 61, .requestTimeout),
        (.readingBody(lastProgress: 5), 75, .none),
        (.readingBody(lastProgress: 5), 76, .requestTimeout),
        (.handling, 1_000_000, .none),
        (.lingering(since: 0), 21, .close),
    ])
    func phaseDeadlines(phase: ConnectionPhase, now: UInt64, expected: TimeoutAction) {
        #expect(Self.rules.action(phase: phase, now: now, lastWriteProgress: nil, responseStarted: false) == expected)
    }

    @Test func stalledBodyAfterResponseStartedClosesWithout408() {
        #expect(Self.rules.action(phase: .readingBody(lastProgress: 0), now: 100, lastWriteProgress: nil, responseStarted: true) == .close)
    }

    @Test func stalledWritesClose() {
        #expect(Self.rules.action(phase: .handling, now: 100, lastWriteProgress: 60, responseStarted: true) == .close)
        #expect(Self.rules.action(phase: .handling, now: 100, lastWriteProgress: 80, responseStarted: true) == .none)
    }

    @Test func timestampsLaterThanNowNeverExpire() {
        #expect(Self.rules.action(phase: .readingHead(since: 500), now: 100, lastWriteProgress: 400, responseStarted: false) == .none)
        #expect(elapsed(100, since: 500) == 0)
    }
}
