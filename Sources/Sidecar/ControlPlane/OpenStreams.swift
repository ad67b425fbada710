// OpenStreams: the control plane's never-ending responses (the audit stream), so a
// shutdown can end them at once instead of waiting out the whole drain bound.
// Invariant: a stream is listed from its head to its end (or its client's leaving).
import Synchronization

/// The audit streams open now.
final class OpenStreams: Sendable {
    private let streams = Mutex<(next: Int, handles: [Int: ExchangeHandle])>((0, [:]))

    func add(_ handle: ExchangeHandle) -> Int {
        streams.withLock { s in
            s.next += 1
            s.handles[s.next] = handle
            return s.next
        }
    }

    func remove(_ id: Int) {
        _ = streams.withLock { $0.handles.removeValue(forKey: id) }
    }

    /// Ends every open stream (on each stream's own event loop).
    func endAll() {
        let handles = streams.withLock { s -> [ExchangeHandle] in
            defer { s.handles = [:] }
            return Array(s.handles.values)
        }
        for h in handles { h.run { ex in if !ex.hasEndedResponse { ex.end() } } }
    }
}
