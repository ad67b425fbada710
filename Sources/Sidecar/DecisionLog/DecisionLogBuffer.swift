// DecisionLogBuffer: the encoded events waiting for the collector, oldest first, bounded
// by a count and a byte total. When an event would take the buffer past either bound
// the oldest events go first, and each one dropped is counted: an operator can tell a
// quiet agent from a collector that lost decisions. A batch taken for upload leaves the
// buffer; a batch that failed comes back in front (it is older than everything since),
// and the bounds then drop from its oldest end.
// Invariants: `events.count <= maxEvents` and `bytes <= maxBytes` after every call; every
// event appended is, exactly once, taken in a batch, dropped (and counted), or still here.
// A pure value: no clock, no lock, no I/O.

/// A bounded FIFO of encoded decision events that drops its oldest when full.
struct DecisionLogBuffer: Sendable {
    let maxEvents: Int
    let maxBytes: Int
    /// The events, oldest at `start` (slots before it are spent and compacted away).
    private var storage: [[UInt8]] = []
    private var start = 0
    /// The bytes of the events held.
    private(set) var bytes = 0
    /// Events dropped since the buffer was made.
    private(set) var dropped: UInt64 = 0

    init(maxEvents: Int, maxBytes: Int) {
        self.maxEvents = max(1, maxEvents)
        self.maxBytes = max(1, maxBytes)
    }

    var count: Int { storage.count - start }
    var isEmpty: Bool { count == 0 }

    /// Adds `event` as the newest; returns how many events this dropped. An event larger
    /// than the byte bound on its own is dropped itself (nothing older is sacrificed for it).
    @discardableResult
    mutating func append(_ event: [UInt8]) -> Int {
        guard event.count <= maxBytes else {
            dropped += 1
            return 1
        }
        storage.append(event)
        bytes += event.count
        return trim()
    }

    /// Takes the oldest events whose JSON array (`[` events joined by `,` `]`) fits
    /// `limitBytes`; at least one when the buffer is not empty (an event larger than the
    /// limit is the caller's to refuse before it is appended).
    mutating func takeBatch(limitBytes: Int) -> [[UInt8]] {
        var batch: [[UInt8]] = []
        var size = 2
        while start < storage.count {
            let next = storage[start].count + (batch.isEmpty ? 0 : 1)
            if !batch.isEmpty && size + next > limitBytes { break }
            size += next
            bytes -= storage[start].count
            batch.append(storage[start])
            storage[start] = []
            start += 1
        }
        compact()
        return batch
    }

    /// Puts a batch that could not be delivered back in front; returns how many events
    /// the bounds then dropped (the batch's oldest first).
    @discardableResult
    mutating func putBack(_ batch: [[UInt8]]) -> Int {
        guard !batch.isEmpty else { return 0 }
        storage = batch + storage[start...]
        start = 0
        bytes += batch.reduce(0) { $0 + $1.count }
        return trim()
    }

    /// Drops everything (shutdown, once the last upload is over); returns how many.
    mutating func dropAll() -> Int {
        let n = count
        dropped += UInt64(n)
        storage = []
        start = 0
        bytes = 0
        return n
    }

    /// Drops the oldest events until both bounds hold; how many it dropped.
    private mutating func trim() -> Int {
        var n = 0
        while count > maxEvents || bytes > maxBytes {
            bytes -= storage[start].count
            storage[start] = []
            start += 1
            n += 1
        }
        dropped += UInt64(n)
        compact()
        return n
    }

    /// Reclaims spent slots once they are half the storage (amortized O(1) per event).
    private mutating func compact() {
        if start == storage.count {
            storage.removeAll(keepingCapacity: true)
            start = 0
        } else if start > 64 && start * 2 > storage.count {
            storage.removeFirst(start)
            start = 0
        }
    }
}
