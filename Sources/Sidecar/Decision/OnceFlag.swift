// OnceFlag: a thread-safe "first caller wins" flag.
// Invariant: `claim` returns true exactly once.
import Synchronization

/// Lets exactly one of several racing callers proceed.
final class OnceFlag: Sendable {
    private let claimed = Atomic<Bool>(false)

    func claim() -> Bool {
        claimed.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged
    }
}
