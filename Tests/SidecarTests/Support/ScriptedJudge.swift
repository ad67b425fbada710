// ScriptedJudge: an ExchangeJudge for the proxy's own tests — its verdicts come from a
// closure (at once, or later from another thread), and it keeps every record — so the
// proxy's handling of verdicts is tested apart from the sidecar's decisions.
import Dispatch
import Synchronization
@testable import Sidecar

final class ScriptedJudge: ExchangeJudge {
    /// How a verdict is given: now, or after a delay from another thread.
    enum Timing: Sendable { case now, later(milliseconds: Int) }

    private let timing: Timing
    private let verdict: @Sendable (inout HTTPResponseHead, HTTPRequestHead) -> VerdictAction
    private let recorded = Mutex<[(ProxyOutcome, AuditFacts?)]>([])

    init(_ timing: Timing = .now, verdict: @escaping @Sendable (inout HTTPResponseHead, HTTPRequestHead) -> VerdictAction) {
        self.timing = timing
        self.verdict = verdict
    }

    var records: [(ProxyOutcome, AuditFacts?)] { recorded.withLock { $0 } }

    func judge(_ head: inout HTTPResponseHead, request: HTTPRequestHead, requestId: String,
               later: VerdictDelivery) -> Verdict? {
        let action = verdict(&head, request)
        let judged = Verdict(action: action, facts: .none)
        switch timing {
        case .now:
            return judged
        case .later(let milliseconds):
            DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(milliseconds)) { later(judged) }
            return nil
        }
    }

    func record(_ outcome: ProxyOutcome, facts: AuditFacts?) {
        recorded.withLock { $0.append((outcome, facts)) }
    }
}
