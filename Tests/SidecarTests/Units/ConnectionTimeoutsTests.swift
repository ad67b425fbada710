// Timeout rules on a fake clock, for the one phase enum both sides share. Server: idle
// and silent new connections close silently, slow heads and stalled bodies get 408,
// lingering and stalled writes close. Upstream: a slow connect, a silent response and a
// silent body fail the request; an idle pooled connection closes.
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

    static func action(_ phase: ConnectionPhase, _ now: UInt64, consuming: Bool = true, write: UInt64? = nil,
                       started: Bool = false) -> TimeoutAction {
        rules.action(phase: phase, now: now, lastWriteProgress: write, isConsumingBody: consuming, responseStarted: started)
    }

    @Test(arguments: [
        (ConnectionPhase.idle(since: 0), UInt64(100), TimeoutAction.none),
        (.idle(since: 0), 101, .close),
        // A connection that never sent a byte gets the header timeout, silently.
        (.awaitingFirstByte(since: 0), 50, .none),
        (.awaitingFirstByte(since: 0), 51, .close),
        (.readingHead(since: 10), 60, .none),
        (.readingHead(since: 10), 61, .requestTimeout),
        (.handling(lastBodyProgress: 5), 75, .none),
        (.handling(lastBodyProgress: 5), 76, .requestTimeout),
        (.closing, 1_000_000, .none),
        (.lingering(since: 0), 21, .close),
    ])
    func phaseDeadlines(phase: ConnectionPhase, now: UInt64, expected: TimeoutAction) {
        #expect(Self.action(phase, now) == expected)
    }

    @Test func aRequestWhoseBodyIsNotBeingReadHasNoBodyTimeout() {
        #expect(Self.action(.handling(lastBodyProgress: 0), 1_000_000, consuming: false) == .none)
    }

    @Test func stalledBodyAfterResponseStartedClosesWithout408() {
        #expect(Self.action(.handling(lastBodyProgress: 0), 100, started: true) == .close)
    }

    @Test func stalledWritesClose() {
        #expect(Self.action(.handling(lastBodyProgress: 90), 100, consuming: false, write: 60, started: true) == .close)
        #expect(Self.action(.handling(lastBodyProgress: 90), 100, consuming: false, write: 80, started: true) == .none)
        #expect(Self.action(.closing, 100, write: 60) == .close, "the last response must leave too")
    }

    @Test func timestampsLaterThanNowNeverExpire() {
        #expect(Self.action(.readingHead(since: 500), 100, write: 400) == .none)
        #expect(elapsed(100, since: 500) == 0)
    }

    static let upstream: UpstreamTimeouts = {
        var configuration = HTTPClientConfiguration()
        configuration.connectTimeoutNanos = 40
        configuration.responseTimeoutNanos = 100
        configuration.bodyIdleTimeoutNanos = 60
        configuration.poolIdleTimeoutNanos = 30
        return UpstreamTimeouts(configuration: configuration)
    }()

    @Test(arguments: [
        (ConnectionPhase.connecting(since: 0), UInt64(40), UInt64?.none, UpstreamTimeoutAction.none),
        (.connecting(since: 0), 41, nil, .fail(.connectTimeout)),
        (.idle(since: 0), 31, nil, .close),
        // The response is due only once the whole request was handed over…
        (.awaitingResponse(since: 0), 1_000, nil, .none),
        // … and from then (or from the attach, whichever is later).
        (.awaitingResponse(since: 0), 150, 50, .none),
        (.awaitingResponse(since: 0), 151, 50, .fail(.responseTimeout)),
        (.readingHead(since: 60), 161, 10, .fail(.responseTimeout)),
        (.readingHead(since: 60), 160, 10, .none),
        (.readingBody(lastProgress: 10), 70, 0, .none),
        (.readingBody(lastProgress: 10), 71, 0, .fail(.idleTimeout)),
    ])
    func upstreamDeadlines(phase: ConnectionPhase, now: UInt64, bodyCompletedAt: UInt64?, expected: UpstreamTimeoutAction) {
        #expect(Self.upstream.action(phase: phase, now: now, bodyCompletedAt: bodyCompletedAt, isPaused: false) == expected)
    }

    @Test func aPausedResponseBodyIsNotTheUpstreamsSilence() {
        #expect(Self.upstream.action(phase: .readingBody(lastProgress: 0), now: 1_000, bodyCompletedAt: 0, isPaused: true) == .none)
    }
}
