// RequestIndex: which ring slot holds the newest entry of a request id. An open-addressing
// table of slot numbers, probed linearly, with each slot's id hash kept beside the ring:
// an append hashes its id once (SipHash through Hasher, seeded per process, so ids a
// client chooses cannot be made to collide), and an eviction finds its bucket by the
// kept hash without hashing again.
// Invariants: at most one bucket per id (the newest entry's); a bucket names a slot whose
// entry has that id; the table is never more than half full (probes stay short), and a
// removal shifts the probe run back instead of leaving tombstones.

/// The index of an AuditRing by request id.
struct RequestIndex {
    /// Slot numbers; `empty` where no bucket is used.
    private var buckets: [Int32]
    /// The hash of each slot's indexed id; `unindexed` when the slot is not in the table.
    private var slotHashes: [UInt64]
    private let mask: Int
    private static let empty: Int32 = -1
    private static let unindexed = UInt64.max

    init(slots: Int) {
        var size = 16
        while size < 2 * slots { size *= 2 }
        buckets = Array(repeating: Self.empty, count: size)
        slotHashes = Array(repeating: Self.unindexed, count: slots)
        mask = size - 1
    }

    /// The hash of an id (never `unindexed`).
    static func hash(_ id: String) -> UInt64 {
        var hasher = Hasher()
        var text = id
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        let hash = UInt64(bitPattern: Int64(hasher.finalize()))
        return hash == unindexed ? 0 : hash
    }

    /// The slot of `id`'s newest entry; `idAt` gives the id of the entry in a slot.
    func slot(of id: String, hash: UInt64, idAt: (Int) -> String?) -> Int? {
        var bucket = Int(truncatingIfNeeded: hash) & mask
        while buckets[bucket] != Self.empty {
            let slot = Int(buckets[bucket])
            if slotHashes[slot] == hash && idAt(slot) == id { return slot }
            bucket = (bucket + 1) & mask
        }
        return nil
    }

    /// Indexes `slot` (whose entry's id is `id`), replacing the id's previous bucket.
    mutating func insert(slot: Int, id: String, hash: UInt64, idAt: (Int) -> String?) {
        var bucket = Int(truncatingIfNeeded: hash) & mask
        while buckets[bucket] != Self.empty {
            let other = Int(buckets[bucket])
            if slotHashes[other] == hash && idAt(other) == id {
                // A reused id: the newest entry takes the bucket; the older stays unfound.
                slotHashes[other] = Self.unindexed
                break
            }
            bucket = (bucket + 1) & mask
        }
        buckets[bucket] = Int32(slot)
        slotHashes[slot] = hash
    }

    /// Removes `slot` from the table, if it is indexed (its entry is being evicted).
    mutating func remove(slot: Int) {
        let hash = slotHashes[slot]
        guard hash != Self.unindexed else { return }
        slotHashes[slot] = Self.unindexed
        var hole = Int(truncatingIfNeeded: hash) & mask
        while buckets[hole] != Int32(slot) { hole = (hole + 1) & mask }
        buckets[hole] = Self.empty
        // Backward shift: a later bucket of the run moves into the hole unless its home
        // lies cyclically after the hole (it would then be found before reaching it).
        var next = (hole + 1) & mask
        while buckets[next] != Self.empty {
            let home = Int(truncatingIfNeeded: slotHashes[Int(buckets[next])]) & mask
            if (next - home) & mask >= (next - hole) & mask {
                buckets[hole] = buckets[next]
                buckets[next] = Self.empty
                hole = next
            }
            next = (next + 1) & mask
        }
    }
}
