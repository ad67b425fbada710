// HeldEvents: events pushed for a request the audit ring does not hold yet (the agent
// reported before the proxy finished the response). They are kept, bounded, and handed
// over — to the request's decision when they came before its response head (an input of
// the verdict, hence here), to its entry when they came while the body streamed — so no
// retry is ever needed.
// Invariants: what waits for one request takes at most BehaviourReport.maxStorageBytes
// (a batch that would pass it is refused whole, and said so); all that waits takes at
// most `maxTotalBytes` and `maxRequests` ids (the oldest go first), none older than
// `maxAgeNanoseconds`. Adding to an id costs time linear in what is added, not in what
// already waits, so the lock the proxy takes for every decided request is held briefly.
import Synchronization

/// Events waiting for their request, by request id.
final class HeldEvents: Sendable {
    /// Requests whose events may wait at once; beyond it the oldest are dropped.
    static let maxRequests = 10_000
    /// What all waiting events may take together; beyond it the oldest are dropped.
    static let maxTotalBytes = 16 * 1024 * 1024
    /// How long events wait for their request before they are dropped.
    static let maxAgeNanoseconds: UInt64 = 60_000_000_000
    /// Bytes counted per waiting id beyond its report (the id, the table slots).
    static let entryOverheadBytes = 128

    /// What became of a batch offered to `hold`.
    enum HoldOutcome: Sendable, Equatable {
        /// Kept; `evicted` older ids were dropped to make room.
        case held(evicted: Int)
        /// Not kept (nothing of it): why, for the answer to the agent.
        case refused(String)
    }

    fileprivate struct Held {
        var events: HeldReport
        /// When the first events arrived (the age bound counts from here).
        let since: UInt64
        /// Its place in the arrival order (0: not in the table yet).
        var sequence: UInt64
        /// `events.storageBytes` plus the id and the table slots.
        var bytes: Int
    }

    fileprivate struct State {
        var byId: [String: Held] = [:]
        /// Ids in arrival order (oldest first, from `head`); an entry whose sequence no
        /// longer matches its id's is a leftover of an id taken or replaced since.
        var order: [(id: String, sequence: UInt64)] = []
        var head = 0
        var nextSequence: UInt64 = 0
        var totalBytes = 0
    }

    private let state = Mutex<State>(State())
    /// How many ids hold events, kept with the table: most requests have none waiting,
    /// and `take` then answers without the lock.
    private let heldIds = Atomic<Int>(0)

    init() {}

    /// Keeps `report` for `requestId` (merged with what already waits for it), unless
    /// that would take more than one request may.
    func hold(_ requestId: String, _ report: BehaviourReport, now: UInt64) -> HoldOutcome {
        state.withLock { s in
            var evicted = s.dropExpired(now: now)
            // Taken out of the table while it changes: its lists are then not shared, so
            // the merge appends in place instead of copying what already waits.
            var held = s.byId.removeValue(forKey: requestId)
                ?? Held(events: HeldReport(), since: now, sequence: 0, bytes: requestId.utf8.count + Self.entryOverheadBytes)
            let added = held.events.bytesAdded(by: report)
            guard held.events.storageBytes + added <= BehaviourReport.maxStorageBytes else {
                if held.sequence != 0 { s.byId[requestId] = held }
                return .refused(Self.refusal(requestId, bytes: held.events.storageBytes + added))
            }
            if held.sequence == 0 { held.bytes += held.events.storageBytes } else { s.totalBytes -= held.bytes }
            held.bytes += added
            evicted += s.makeRoom(for: held.bytes, newIds: 1)
            held.events.merge(report)
            // Back of the arrival order: an id still being reported on is the last to go.
            s.nextSequence += 1
            held.sequence = s.nextSequence
            s.order.append((requestId, held.sequence))
            s.byId[requestId] = held
            s.totalBytes += held.bytes
            heldIds.store(s.byId.count, ordering: .releasing)
            return .held(evicted: evicted)
        }
    }

    private static func refusal(_ requestId: String, bytes: Int) -> String {
        "the events held for request \(requestId) would take \(bytes) bytes, more than the limit of "
            + "\(BehaviourReport.maxStorageBytes) for one request; this batch was not held"
    }

    /// Takes what waits for `requestId`, unless it is too old.
    func take(_ requestId: String, now: UInt64) -> BehaviourReport? {
        // Nearly always nothing is held: neither lock nor hash for that. An id held at
        // this very moment is taken by the next look (the entry's), not lost.
        guard heldIds.load(ordering: .acquiring) > 0 else { return nil }
        return state.withLock { s -> BehaviourReport? in
            guard let held = s.byId.removeValue(forKey: requestId) else { return nil }
            s.totalBytes -= held.bytes
            s.compactOrderIfSparse()
            heldIds.store(s.byId.count, ordering: .releasing)
            return now &- held.since < Self.maxAgeNanoseconds ? held.events.report : nil
        }
    }

    var count: Int { state.withLock { $0.byId.count } }
    /// What the waiting events take, as counted against `maxTotalBytes`.
    var bytes: Int { state.withLock { $0.totalBytes } }
}

extension HeldEvents.State {
    /// Drops ids older than the age bound (they are the oldest, at the front).
    fileprivate mutating func dropExpired(now: UInt64) -> Int {
        var dropped = 0
        while let oldest = oldestLive(), now &- oldest.since >= HeldEvents.maxAgeNanoseconds {
            dropOldest()
            dropped += 1
        }
        return dropped
    }

    /// Drops the oldest ids until `bytes` more (and `newIds` more ids) fit the bounds.
    fileprivate mutating func makeRoom(for bytes: Int, newIds: Int = 0) -> Int {
        var dropped = 0
        while (totalBytes + bytes > HeldEvents.maxTotalBytes || byId.count + newIds > HeldEvents.maxRequests),
              oldestLive() != nil {
            dropOldest()
            dropped += 1
        }
        return dropped
    }

    /// The oldest id still waiting; leftovers before it are skipped for good.
    private mutating func oldestLive() -> HeldEvents.Held? {
        while head < order.count {
            let (id, sequence) = order[head]
            if let held = byId[id], held.sequence == sequence { return held }
            head += 1
        }
        return nil
    }

    private mutating func dropOldest() {
        let id = order[head].id
        head += 1
        if let held = byId.removeValue(forKey: id) { totalBytes -= held.bytes }
        compactOrderIfSparse()
    }

    /// Rebuilds the arrival order once leftovers outnumber the live ids, so it stays
    /// proportional to what waits (amortized constant time per id).
    fileprivate mutating func compactOrderIfSparse() {
        guard order.count - head > 2 * byId.count + 64 else { return }
        order = order[head...].filter { entry in byId[entry.id]?.sequence == entry.sequence }
        head = 0
    }
}
