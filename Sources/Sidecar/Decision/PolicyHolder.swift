// PolicyHolder: the agent policy in force, swapped atomically on reload (SIGHUP or a
// changed manifest / POLICY_DIR file) or when a new bundle from BUNDLE_URL activates. A reload that fails keeps the old policy and is
// remembered, so readiness and logs can say so until a later reload succeeds.
import Synchronization

/// The current AgentPolicy and the last reload failure.
final class PolicyHolder: Sendable {
    private struct State {
        var policy: AgentPolicy
        var lastError: String?
        var generation = 1
    }

    private let state: Mutex<State>

    init(_ policy: AgentPolicy) {
        state = Mutex(State(policy: policy))
    }

    var current: AgentPolicy { state.withLock { $0.policy } }
    /// Why the newest reload failed (nil when the policy in force is the newest).
    var lastError: String? { state.withLock { $0.lastError } }
    var generation: Int { state.withLock { $0.generation } }

    /// Installs a new policy, or records why it could not be loaded.
    func install(_ result: Result<AgentPolicy, AgentPolicyError>) {
        state.withLock { s in
            switch result {
            case .success(let p):
                s.policy = p
                s.lastError = nil
                s.generation += 1
            case .failure(let e):
                s.lastError = e.message
            }
        }
    }

    /// Installs `policy`, compiled from the manifest in force with a new bundle. A failed
    /// manifest reload stays recorded: the manifest file is still what it was.
    func activate(_ policy: AgentPolicy) {
        state.withLock { s in
            s.policy = policy
            s.generation += 1
        }
    }
}
