// AuditRing: the last N requests, in memory, oldest evicted first. Thread-safe; entries
// can be found and updated by request id (events arrive after the response), and
// listeners (the SSE stream) hear of every new or updated entry.
import Synchronization

/// A bounded, in-memory ring of audit entries.
final class AuditRing: Sendable {
    let capacity: Int

    private struct State {
        var slots: [AuditEntry?]
        var next = 0
        var count = 0
        /// request id -> slot of its newest entry, for the entries currently held.
        var index: RequestIndex
        var listeners: [Int: @Sendable (AuditEntry) -> Void] = [:]
        var nextListener = 0

        func slot(of requestId: String, hash: UInt64) -> Int? {
            index.slot(of: requestId, hash: hash) { slots[$0]?.requestId }
        }
    }

    private let state: Mutex<State>

    init(capacity: Int) {
        self.capacity = max(1, capacity)
        state = Mutex(State(slots: Array(repeating: nil, count: max(1, capacity)), index: RequestIndex(slots: max(1, capacity))))
    }

    /// Adds an entry, evicting the oldest when full.
    func append(_ entry: AuditEntry) {
        // Hashed before the lock is taken: the lock is held for the table's work alone.
        let hash = RequestIndex.hash(entry.requestId)
        let listeners: [@Sendable (AuditEntry) -> Void] = state.withLock { s in
            let slot = s.next
            s.index.remove(slot: slot)
            s.slots[slot] = entry
            s.index.insert(slot: slot, id: entry.requestId, hash: hash) { [slots = s.slots] in slots[$0]?.requestId }
            s.next = (slot + 1) % capacity
            s.count = min(s.count + 1, capacity)
            return s.listeners.isEmpty ? [] : Array(s.listeners.values)
        }
        for l in listeners { l(entry) }
    }

    /// Changes the entry of `requestId` if it is still held; returns the new entry.
    @discardableResult
    func update(_ requestId: String, _ change: (inout AuditEntry) -> Void) -> AuditEntry? {
        let hash = RequestIndex.hash(requestId)
        let (entry, listeners): (AuditEntry?, [@Sendable (AuditEntry) -> Void]) = state.withLock { s in
            guard let slot = s.slot(of: requestId, hash: hash), var e = s.slots[slot] else { return (nil, []) }
            change(&e)
            s.slots[slot] = e
            return (e, Array(s.listeners.values))
        }
        if let entry { for l in listeners { l(entry) } }
        return entry
    }

    func entry(_ requestId: String) -> AuditEntry? {
        let hash = RequestIndex.hash(requestId)
        return state.withLock { s in s.slot(of: requestId, hash: hash).flatMap { s.slots[$0] } }
    }

    /// The newest `limit` entries (all when nil), oldest first.
    func entries(limit: Int? = nil) -> [AuditEntry] {
        state.withLock { s in
            let n = min(limit ?? s.count, s.count)
            var out: [AuditEntry] = []
            out.reserveCapacity(n)
            for i in 0..<n {
                let slot = (s.next - n + i + capacity * 2) % capacity
                if let e = s.slots[slot] { out.append(e) }
            }
            return out
        }
    }

    var count: Int { state.withLock { $0.count } }

    /// Calls `listener` for every appended or updated entry until removed.
    func addListener(_ listener: @escaping @Sendable (AuditEntry) -> Void) -> Int {
        state.withLock { s in
            s.nextListener += 1
            s.listeners[s.nextListener] = listener
            return s.nextListener
        }
    }

    func removeListener(_ id: Int) {
        _ = state.withLock { $0.listeners.removeValue(forKey: id) }
    }
}
