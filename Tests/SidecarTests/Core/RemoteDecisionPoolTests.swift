// A remote decision needs no thread of the Swift task pool. The pool has as many threads
// as cores; whatever blocks them (tests run in parallel there, and a blocking call in a
// `Task` anywhere in the sidecar) must not hold a decision back until OPA_TIMEOUT_MS makes
// it fall back. Here every pool thread is held while OPA is asked: the answer must still
// come, and from OPA.
import Dispatch
import Foundation
import PolicyVM
import Synchronization
import Testing
@testable import Sidecar

@Suite struct RemoteDecisionPoolTests {
    @Test func aRemoteDecisionIsDeliveredWhileEveryPoolThreadIsHeld() async throws {
        let policy = DecisionHarness.policy
        let remote = RemoteOPA(url: try #require(HTTPURL("http://opa.test:8181")), timeoutMs: 60_000) { request, reply in
            DecisionHarness.opaQueue.async { reply(Result { try DecisionHarness.opa(request) }) }
        }
        let engine = DecisionEngine(remote: remote)
        var reported = BehaviourReport()
        reported.toolsCalled = ["delete_account"]
        let report = reported
        // Run off the pool: this task's own thread is given back while it waits, so the
        // holders can take every pool thread.
        let outcome = await withCheckedContinuation { continuation in
            DispatchQueue(label: "agentspec.test.pool-holder").async {
                continuation.resume(returning: PoolHold.whileHeld {
                    let delivered = DispatchSemaphore(value: 0)
                    let decision = Mutex<Decision?>(nil)
                    engine.decide(report, usage: DailyUsage(), with: policy) { d in
                        decision.withLock { $0 = d }
                        delivered.signal()
                    }
                    // Far below OPA_TIMEOUT_MS: a decision that waits for the pool comes
                    // only after the holders let go, as a fallback or late.
                    _ = delivered.wait(timeout: .now() + .seconds(5))
                    return decision.withLock { $0 }
                })
            }
        }
        let (held, decision) = outcome
        #expect(held, "the pool's threads could not all be held: the check proves nothing")
        #expect(decision != nil, "no decision while the task pool was held")
        #expect(decision?.source == .opa, "\(String(describing: decision))")
        #expect(decision?.violations == (try policy.embedded.violations(for: DecisionInput.make(policy.profile, report,
                                                                                                usage: DailyUsage()))))
    }
}

/// Holds every thread of the Swift task pool (as many as active cores) while `body` runs.
/// Call it off the pool.
enum PoolHold {
    static func whileHeld<T>(_ body: () -> T) -> (held: Bool, result: T) {
        let width = ProcessInfo.processInfo.activeProcessorCount
        let release = DispatchSemaphore(value: 0)
        let holding = HolderCount()
        for _ in 0..<width {
            Task.detached {
                holding.value.add(1, ordering: .releasing)
                // Bounded: a test that fails still gives the pool back.
                _ = release.wait(timeout: .now() + .seconds(30))
            }
        }
        // Other tests may hold pool threads for a while; the holders start as they free.
        let deadline = DispatchTime.now() + .seconds(120)
        while holding.value.load(ordering: .acquiring) < width && DispatchTime.now() < deadline { usleep(1_000) }
        let held = holding.value.load(ordering: .acquiring) == width
        let result = body()
        for _ in 0..<width { release.signal() }
        return (held, result)
    }
}

/// How many holders run (shared with their tasks).
private final class HolderCount: Sendable {
    let value = Atomic<Int>(0)
}
