// HeaderStorage: the memory behind one HTTPHeaders value: field entries, then name and
// value bytes, in a single heap object.
// Invariants: the object only owns memory; counts live in the HTTPHeaders values that
// share it, which write to it only while they hold it alone (else they copy first).
// Why not two Arrays: a head's fields are appended a few at a time, and Array's generic
// append paths cost about a hundred instructions per call plus a retain and release of
// the buffer; here an append is a capacity check and a copy, and a head is one
// allocation.

/// Tail-allocated memory for HTTPHeaders: `entryCapacity` entries, then `byteCapacity` bytes.
final class HeaderStorage: ManagedBuffer<HeaderStorage.Capacities, UInt64> {
    struct Capacities {
        var entries: Int
        var bytes: Int
    }

    /// Uninitialised storage of the given capacities.
    static func make(entryCapacity: Int, byteCapacity: Int) -> HeaderStorage {
        let entryBytes = entryCapacity * MemoryLayout<HTTPHeaders.Entry>.stride
        // The elements are 8-byte words only to align the regions; each region is bound
        // to its own type once, here.
        let words = (entryBytes + 7) / 8 + (byteCapacity + 7) / 8
        let buffer = create(minimumCapacity: max(words, 1)) { _ in Capacities(entries: entryCapacity, bytes: byteCapacity) }
        let storage = unsafeDowncast(buffer, to: HeaderStorage.self)
        storage.withUnsafeMutablePointerToElements { words in
            let raw = UnsafeMutableRawPointer(words)
            raw.bindMemory(to: HTTPHeaders.Entry.self, capacity: entryCapacity)
            (raw + byteRegionOffset(entryCapacity: entryCapacity)).bindMemory(to: UInt8.self, capacity: byteCapacity)
        }
        return storage
    }

    private static func byteRegionOffset(entryCapacity: Int) -> Int {
        (entryCapacity * MemoryLayout<HTTPHeaders.Entry>.stride + 7) / 8 * 8
    }

    /// The first entry. Valid while this object is alive.
    var entries: UnsafeMutablePointer<HTTPHeaders.Entry> {
        withUnsafeMutablePointerToElements { UnsafeMutableRawPointer($0).assumingMemoryBound(to: HTTPHeaders.Entry.self) }
    }

    /// The first name or value byte. Valid while this object is alive.
    var bytes: UnsafeMutablePointer<UInt8> {
        let offset = Self.byteRegionOffset(entryCapacity: header.entries)
        return withUnsafeMutablePointerToElements { (UnsafeMutableRawPointer($0) + offset).assumingMemoryBound(to: UInt8.self) }
    }
}
