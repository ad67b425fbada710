// HealthRunner: runs checks concurrently, each on its own thread (probes block on
// sockets and child processes, which must not tie up Swift's small cooperative pool),
// and reports each within its timeout: a check still running then is reported as a
// failure and abandoned. Invariant: results come back in the order of the checks, and
// the call returns within the largest timeout plus a small grace.
import Foundation
import Synchronization

/// Runs health checks.
public enum HealthRunner {
    /// Time a check may overrun its deadline before it is abandoned (its own steps
    /// honour the deadline; the grace covers getaddrinfo and thread start-up).
    static let grace: Duration = .milliseconds(250)

    public static func run(_ checks: [HealthCheck]) -> [HealthResult] {
        let slots = Mutex<[HealthResult?]>(Array(repeating: nil, count: checks.count))
        let signals = checks.map { _ in DispatchSemaphore(value: 0) }
        let start = ContinuousClock.now
        for (i, check) in checks.enumerated() {
            let signal = signals[i]
            Thread.detachNewThread {
                let began = ContinuousClock.now
                let outcome = check.run(Deadline(after: check.timeout))
                let result = HealthResult(id: check.id, category: check.category, status: outcome.status, severity: check.severity,
                                          message: outcome.message,
                                          remediation: outcome.status == .pass ? nil : check.remediation,
                                          latencyMs: (ContinuousClock.now - began).milliseconds)
                slots.withLock { if $0[i] == nil { $0[i] = result } }
                signal.signal()
            }
        }
        for (i, check) in checks.enumerated() {
            let end = start + check.timeout + grace
            let left = max(end - ContinuousClock.now, .zero)
            if signals[i].wait(timeout: .now() + .milliseconds(left.milliseconds)) == .timedOut {
                let timedOut = HealthResult(id: check.id, category: check.category, status: .fail, severity: check.severity,
                                            message: "no answer within \(check.timeout.milliseconds) ms",
                                            remediation: check.remediation, latencyMs: (ContinuousClock.now - start).milliseconds)
                slots.withLock { if $0[i] == nil { $0[i] = timedOut } }
            }
        }
        return slots.withLock { $0.compactMap { $0 } }
    }
}
