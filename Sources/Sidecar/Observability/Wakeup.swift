// Wakeup: the pause of a background loop (the bundle poller, the status reporter). A
// wait ends at its deadline, when signalled (something changed: report now), or at
// shutdown, whichever comes first. Invariants: no thread is blocked while waiting (the
// deadline is a Dispatch timer, the waiter a continuation), every wait resumes exactly
// once, and after `stop()` every wait returns at once.
import Dispatch
import Synchronization

/// A pause that a signal or shutdown cuts short.
final class Wakeup: Sendable {
    private struct State {
        var waiter: CheckedContinuation<Void, Never>?
        /// Identifies the wait a timer belongs to (a stale timer resumes nothing).
        var generation: UInt64 = 0
        /// A signal that came while nobody waited: the next wait returns at once.
        var isPending = false
        var isStopped = false
    }

    private let state = Mutex(State())

    init() {}

    var isStopped: Bool { state.withLock { $0.isStopped } }

    /// Ends the current wait now, or the next one as soon as it starts.
    func signal() {
        let waiter = state.withLock { s -> CheckedContinuation<Void, Never>? in
            guard let w = s.waiter else {
                s.isPending = true
                return nil
            }
            s.waiter = nil
            return w
        }
        waiter?.resume()
    }

    /// Ends the current wait and every later one.
    func stop() {
        let waiter = state.withLock { s -> CheckedContinuation<Void, Never>? in
            s.isStopped = true
            defer { s.waiter = nil }
            return s.waiter
        }
        waiter?.resume()
    }

    /// Runs `body` now and then after every wait of `delay()` nanoseconds (cut short by a
    /// signal), in a task of its own, until `stop()`: the loop of a background client.
    func repeatUntilStopped(delay: @escaping @Sendable () -> UInt64, _ body: @escaping @Sendable () async -> Void) {
        Task.detached { [self] in
            while !isStopped {
                await body()
                await wait(nanoseconds: delay())
            }
        }
    }

    /// Returns after `nanoseconds`, or earlier on a signal or at shutdown.
    func wait(nanoseconds: UInt64) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let generation = state.withLock { s -> UInt64? in
                if s.isStopped || s.isPending {
                    s.isPending = false
                    return nil
                }
                s.generation += 1
                s.waiter = continuation
                return s.generation
            }
            guard let generation else {
                continuation.resume()
                return
            }
            let delay = DispatchTimeInterval.nanoseconds(Int(min(nanoseconds, UInt64(Int.max))))
            DispatchQueue.global().asyncAfter(deadline: .now() + delay) { [self] in
                let waiter = state.withLock { s -> CheckedContinuation<Void, Never>? in
                    guard s.generation == generation, let w = s.waiter else { return nil }
                    s.waiter = nil
                    return w
                }
                waiter?.resume()
            }
        }
    }
}
