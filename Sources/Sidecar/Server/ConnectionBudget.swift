// ConnectionBudget: the server-wide cap on open connections, shared by every loop.
// Invariant: `count` never stays above `limit`: a slot is taken before a connection is
// served and given back exactly once when it closes; a refused connection takes none.
import Synchronization

/// How many connections a server holds open across its loops, against its cap.
final class ConnectionBudget: Sendable {
    let limit: Int
    private let open = Atomic<Int>(0)

    init(limit: Int) { self.limit = max(1, limit) }

    /// Takes a slot for a new connection; false when the server is at its cap.
    func take() -> Bool {
        if open.add(1, ordering: .relaxed).newValue <= limit { return true }
        open.subtract(1, ordering: .relaxed)
        return false
    }

    /// Returns the slot of a closed connection.
    func giveBack() { open.subtract(1, ordering: .relaxed) }

    /// Connections open now (for tests and diagnostics).
    var count: Int { open.load(ordering: .relaxed) }
}
