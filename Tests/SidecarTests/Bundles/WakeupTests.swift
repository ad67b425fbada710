// Wakeup: a signal cuts a wait short (also one given before the wait began), and after
// stop() every wait returns at once — so a poller or reporter never sleeps through a
// change or a shutdown. The waits asked for are an hour long: only the signal or the
// stop can end them within the time limit.
import Testing
@testable import Sidecar

@Suite(.timeLimit(.minutes(1))) struct WakeupTests {
    static let hour: UInt64 = 3_600_000_000_000

    @Test func aSignalEndsTheWaitInProgress() async {
        let wakeup = Wakeup()
        async let waited: Void = wakeup.wait(nanoseconds: Self.hour)
        // Whether it lands before or after the wait begins, the signal ends it.
        wakeup.signal()
        await waited
        #expect(!wakeup.isStopped)
    }

    @Test func aSignalBeforeTheWaitIsKeptForIt() async {
        let wakeup = Wakeup()
        wakeup.signal()
        await wakeup.wait(nanoseconds: Self.hour)
        // Consumed: the next wait would sleep, so stop it instead.
        wakeup.stop()
        await wakeup.wait(nanoseconds: Self.hour)
        #expect(wakeup.isStopped)
    }
}
