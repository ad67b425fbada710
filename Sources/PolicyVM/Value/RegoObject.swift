// RegoObject: the object type of Rego values. Entries are kept in insertion order in
// one buffer, each with its key's hash; small objects (most inputs) are searched by
// scanning the hashes, larger ones through an open-addressing index. Policies read
// objects far more than they build them, and a lookup here costs a hash compare per
// entry and one key compare, where `Dictionary` compared whole keys per probe and
// copied each one (a retain and a release) to do it.
// Invariant: keys are distinct (by `==`); the order of entries carries no meaning
// (equality, hashing and Rego's order ignore it).

/// One entry: the key's hash (under `RegoObject.seed`) is stored so lookups and
/// growth never hash a key twice.
@usableFromInline struct ObjectEntry {
    @usableFromInline var key: Value
    @usableFromInline var value: Value
    @usableFromInline let hash: UInt64

    /// Where the key sits in an entry: first (a constant, not a `static let`, whose lazy
    /// initialization check would run on every lookup; `RegoObjectTests` checks it).
    @inlinable static var keyOffset: Int { 0 }

    @usableFromInline init(key: Value, value: Value, hash: UInt64) {
        self.key = key
        self.value = value
        self.hash = hash
    }
}

@usableFromInline struct ObjectHeader {
    @usableFromInline var count: Int
    /// Room for this many entries: kept here, since `ManagedBuffer.capacity` asks malloc.
    @usableFromInline let capacity: Int
    /// Open-addressing index (entry number + 1; 0 is empty), a power of two at least
    /// twice the count; empty while the object is small enough to scan.
    @usableFromInline var index: ContiguousArray<Int32>
    /// One bit per key ever added, chosen by the hash's top six bits: a lookup whose bit
    /// is clear misses at once (absent fields are common: most inputs omit most optional
    /// facts). Removal leaves bits set, which only costs a scan.
    @usableFromInline var keyBits: UInt64

    @inlinable static func keyBit(_ hash: UInt64) -> UInt64 { 1 &<< (hash &>> 58) }
}

/// The entries of one object, tail-allocated after the header: one allocation.
@usableFromInline final class ObjectStorage: ManagedBuffer<ObjectHeader, ObjectEntry>, @unchecked Sendable {
    /// Up to this many entries, a lookup scans the stored hashes.
    @usableFromInline static let scanLimit = 16

    @usableFromInline static func make(capacity: Int) -> ObjectStorage {
        let buffer = ObjectStorage.create(minimumCapacity: max(capacity, 1)) { buffer in
            ObjectHeader(count: 0, capacity: buffer.capacity, index: [], keyBits: 0)
        }
        return unsafeDowncast(buffer, to: ObjectStorage.self)
    }

    /// The shared storage of empty objects (copied on first write).
    @usableFromInline nonisolated(unsafe) static let empty = make(capacity: 0)

    deinit {
        _ = withUnsafeMutablePointers { h, e in e.deinitialize(count: h.pointee.count) }
    }

    // Read through the pointer: `header` is a class property, and each access to it
    // would pay a dynamic exclusivity check.
    @inlinable var count: Int { withUnsafeMutablePointerToHeader { $0.pointee.count } }
    @inlinable var entryCapacity: Int { withUnsafeMutablePointerToHeader { $0.pointee.capacity } }

    /// The position of `key` (whose hash is `hash`), or nil.
    @inlinable func find(_ key: Value, hash: UInt64) -> Int? {
        position(hash: hash) { $0.pointee.key == key }
    }

    /// `find` for a key held in memory the caller keeps alive (a compiled constant):
    /// a stored key with the same hash and the same bits is the same key, which settles
    /// nearly every lookup by a constant without copying either key to compare them.
    @inlinable func find(keyAt key: UnsafePointer<Value>, hash: UInt64) -> Int? {
        position(hash: hash) { entry in
            Value.sameBits(UnsafeRawPointer(entry) + ObjectEntry.keyOffset, key) || entry.pointee.key == key.pointee
        }
    }

    /// `find(keyAt:hash:)` trying `hint` first, and the position found (a reader that
    /// asks objects of one shape for the same key, like a decision's input document
    /// refilled per request, finds it where it was last time without a search).
    @inlinable func find(keyAt key: UnsafePointer<Value>, hash: UInt64, hint: inout Int) -> Int? {
        let hinted = hint
        let matches = withUnsafeMutablePointers { h, e -> Bool in
            hinted >= 0 && hinted < h.pointee.count && e[hinted].hash == hash
                && Value.sameBits(UnsafeRawPointer(e + hinted) + ObjectEntry.keyOffset, key)
        }
        if matches { return hinted }
        guard let found = find(keyAt: key, hash: hash) else { return nil }
        hint = found
        return found
    }

    /// The position of the entry with `hash` whose key `isKey` accepts: a scan of the
    /// hashes while the object is small, a probe of the index after.
    @inlinable @inline(__always)
    func position(hash: UInt64, where isKey: (UnsafeMutablePointer<ObjectEntry>) -> Bool) -> Int? {
        withUnsafeMutablePointers { h, e -> Int? in
            if h.pointee.keyBits & ObjectHeader.keyBit(hash) == 0 { return nil }
            if h.pointee.index.isEmpty {
                for i in 0..<h.pointee.count where e[i].hash == hash && isKey(e + i) { return i }
                return nil
            }
            return h.pointee.index.withUnsafeBufferPointer { table -> Int? in
                let mask = table.count - 1
                var slot = Int(truncatingIfNeeded: hash) & mask
                while true {
                    let entry = Int(table[slot])
                    if entry == 0 { return nil }
                    if e[entry - 1].hash == hash && isKey(e + entry - 1) { return entry - 1 }
                    slot = (slot + 1) & mask
                }
            }
        }
    }

    /// A copy with room for `capacity` entries; `moving` takes the entries instead of
    /// copying them (this storage is then empty: for growing a uniquely held object).
    @usableFromInline func copy(capacity: Int, moving: Bool = false) -> ObjectStorage {
        let new = ObjectStorage.make(capacity: max(capacity, count))
        withUnsafeMutablePointers { h, e in
            new.withUnsafeMutablePointers { nh, ne in
                if moving { ne.moveInitialize(from: e, count: h.pointee.count) } else { ne.initialize(from: e, count: h.pointee.count) }
                nh.pointee.count = h.pointee.count
                nh.pointee.index = h.pointee.index
                nh.pointee.keyBits = h.pointee.keyBits
                if moving { h.pointee.count = 0 }
            }
        }
        return new
    }

    /// Appends an entry whose key is not present; the caller ensured the room.
    @usableFromInline func append(_ entry: consuming ObjectEntry) {
        // The slot's address outlives the closure: elements never move while self lives,
        // and the entry can be moved (not copied) into it only outside a closure.
        let (slot, n, indexSize) = withUnsafeMutablePointers { h, e in
            h.pointee.count += 1
            h.pointee.keyBits |= ObjectHeader.keyBit(entry.hash)
            return (e + h.pointee.count - 1, h.pointee.count, h.pointee.index.count)
        }
        slot.initialize(to: entry)
        if n > ObjectStorage.scanLimit {
            if indexSize < 2 * n { rebuildIndex() } else { insertIntoIndex(n - 1) }
        }
    }

    /// Removes the entry at `position`, keeping the others in order.
    @usableFromInline func remove(at position: Int) {
        withUnsafeMutablePointers { h, e in
            let n = h.pointee.count
            (e + position).deinitialize(count: 1)
            (e + position).moveInitialize(from: e + position + 1, count: n - position - 1)
            h.pointee.count = n - 1
        }
        rebuildIndex()
    }

    @usableFromInline func rebuildIndex() {
        let n = count
        guard n > ObjectStorage.scanLimit else {
            header.index = []
            return
        }
        var size = 32
        while size < 2 * n { size *= 2 }
        header.index = ContiguousArray(repeating: 0, count: size)
        for i in 0..<n { insertIntoIndex(i) }
    }

    private func insertIntoIndex(_ position: Int) {
        let hash = withUnsafeMutablePointers { _, e in e[position].hash }
        header.index.withUnsafeMutableBufferPointer { table in
            let mask = table.count - 1
            var slot = Int(truncatingIfNeeded: hash) & mask
            while table[slot] != 0 { slot = (slot + 1) & mask }
            table[slot] = Int32(position + 1)
        }
    }
}

/// A Rego object: distinct keys of any kind, each with a value.
public struct RegoObject: @unchecked Sendable {
    @usableFromInline var storage: ObjectStorage

    /// The hash seed of object keys: random per process, so colliding keys cannot be
    /// prepared in advance; fixed within it, so compiled policies can hash constant
    /// keys once.
    public static let seed = UInt64.random(in: 1...UInt64.max)

    @inlinable public static func hash(of key: Value) -> UInt64 { key.hash64(seed: seed) }

    public init() { storage = ObjectStorage.empty }

    public init(minimumCapacity: Int) {
        storage = minimumCapacity == 0 ? ObjectStorage.empty : ObjectStorage.make(capacity: minimumCapacity)
    }

    public init(_ dictionary: [Value: Value]) {
        self.init(minimumCapacity: dictionary.count)
        for (k, v) in dictionary { self[k] = v }
    }

    /// An object of `members` in order, built in place (the JSON reader's path): a
    /// repeated key keeps its last value, as in Go's decoder (and so OPA).
    init(members: ArraySlice<(Value, Value)>) {
        guard !members.isEmpty else {
            self.storage = ObjectStorage.empty
            return
        }
        let storage = ObjectStorage.make(capacity: members.count)
        for (k, v) in members {
            let hash = RegoObject.hash(of: k)
            if let i = storage.find(k, hash: hash) {
                storage.withUnsafeMutablePointerToElements { $0[i].value = v }
            } else {
                storage.append(ObjectEntry(key: k, value: v, hash: hash))
            }
        }
        self.storage = storage
    }

    @inlinable public var count: Int { storage.count }
    @inlinable public var isEmpty: Bool { storage.count == 0 }

    /// The value at `key`, nil when absent.
    @inlinable public subscript(key: Value) -> Value? {
        get { lookup(key, hash: RegoObject.hash(of: key)) }
        set {
            if let newValue { set(key, newValue) } else { removeValue(forKey: key) }
        }
    }

    /// The value at `key`, whose hash under `seed` the caller computed beforehand.
    @inlinable public func lookup(_ key: Value, hash: UInt64) -> Value? {
        guard let i = storage.find(key, hash: hash) else { return nil }
        return storage.withUnsafeMutablePointerToElements { $0[i].value }
    }

    /// The entry at `key` with the key as stored: the object's own spelling of an equal
    /// number (`1.0` where `key` is `1`), which builtins that copy entries keep.
    public func entry(_ key: Value) -> (key: Value, value: Value)? {
        guard let i = storage.find(key, hash: RegoObject.hash(of: key)) else { return nil }
        return storage.withUnsafeMutablePointerToElements { ($0[i].key, $0[i].value) }
    }

    /// The object's storage, unretained: for readers that hold the object alive
    /// themselves and must not pay a retain and a release per read.
    var unretainedStorage: Unmanaged<ObjectStorage> { Unmanaged.passUnretained(storage) }

    /// The value at the key held at `key` (kept alive by the caller), hashed beforehand.
    @inlinable func lookup(keyAt key: UnsafePointer<Value>, hash: UInt64) -> Value? {
        guard let i = storage.find(keyAt: key, hash: hash) else { return nil }
        return storage.withUnsafeMutablePointerToElements { $0[i].value }
    }

    /// The value at a key hashed beforehand, nil when absent.
    @inlinable public func lookup(_ key: HashedKey) -> Value? {
        withUnsafePointer(to: key.key) { lookup(keyAt: $0, hash: key.hash) }
    }

    public mutating func set(_ key: Value, _ value: Value) { set(key, hash: RegoObject.hash(of: key), value) }

    /// `set` with a key hashed once, for code that builds many objects with the same keys.
    /// The stored key is usually the HashedKey's own (an object filled from the same
    /// keys again), which its bits recognise without comparing the characters.
    @inlinable public mutating func set(_ key: HashedKey, _ value: __owned Value) {
        let position = withUnsafePointer(to: key.key) { storage.find(keyAt: $0, hash: key.hash) }
        set(key.key, hash: key.hash, value, at: position)
    }

    @usableFromInline mutating func set(_ key: Value, hash: UInt64, _ value: __owned Value) {
        set(key, hash: hash, value, at: storage.find(key, hash: hash))
    }

    /// Sets the value of `key`, found at `position` (nil: absent, appended).
    @usableFromInline mutating func set(_ key: Value, hash: UInt64, _ value: __owned Value, at position: Int?) {
        if let i = position {
            makeUnique(capacity: storage.entryCapacity)
            storage.withUnsafeMutablePointerToElements { $0[i].value = value }
            return
        }
        let n = storage.count
        let unique = isKnownUniquelyReferenced(&storage)
        if n == storage.entryCapacity || !unique {
            storage = storage.copy(capacity: n == storage.entryCapacity ? Swift.max(4, 2 * n) : storage.entryCapacity,
                                   moving: unique && storage !== ObjectStorage.empty)
        }
        storage.append(ObjectEntry(key: key, value: value, hash: hash))
    }

    @discardableResult public mutating func removeValue(forKey key: Value) -> Value? {
        removeValue(at: storage.find(key, hash: RegoObject.hash(of: key)))
    }

    /// `removeValue` with a key hashed once (an absent key costs no hashing).
    @discardableResult public mutating func removeValue(forKey key: HashedKey) -> Value? {
        removeValue(at: withUnsafePointer(to: key.key) { storage.find(keyAt: $0, hash: key.hash) })
    }

    /// Removes the entry at `position` (nil: nothing to remove) and returns its value.
    private mutating func removeValue(at position: Int?) -> Value? {
        guard let i = position else { return nil }
        makeUnique(capacity: storage.entryCapacity)
        let old = storage.withUnsafeMutablePointerToElements { $0[i].value }
        storage.remove(at: i)
        return old
    }

    public mutating func reserveCapacity(_ n: Int) {
        if n > storage.entryCapacity {
            let unique = isKnownUniquelyReferenced(&storage)
            storage = storage.copy(capacity: n, moving: unique && storage !== ObjectStorage.empty)
        }
    }

    private mutating func makeUnique(capacity: Int) {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy(capacity: capacity) }
    }

    public func merging(_ other: RegoObject, uniquingKeysWith combine: (Value, Value) throws -> Value) rethrows -> RegoObject {
        var result = self
        result.reserveCapacity(count + other.count)
        for (k, v) in other { result.set(k, try result[k].map { try combine($0, v) } ?? v) }
        return result
    }

    /// The keys, in insertion order.
    public var keys: [Value] { map(\.key) }
    /// The values, in the order of `keys`.
    public var values: [Value] { map(\.value) }
}

extension RegoObject: Sequence {
    public struct Iterator: IteratorProtocol {
        let storage: ObjectStorage
        var position = 0

        public mutating func next() -> (key: Value, value: Value)? {
            guard position < storage.count else { return nil }
            defer { position += 1 }
            return storage.withUnsafeMutablePointerToElements { ($0[position].key, $0[position].value) }
        }
    }

    public func makeIterator() -> Iterator { Iterator(storage: storage) }
    public var underestimatedCount: Int { count }
}

extension RegoObject: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (Value, Value)...) {
        self.init(minimumCapacity: elements.count)
        for (k, v) in elements { self[k] = v }
    }
}

extension RegoObject: Equatable {
    /// Equal when both have the same keys with equal values, in any order.
    public static func == (a: RegoObject, b: RegoObject) -> Bool {
        if a.storage === b.storage { return true }
        guard a.count == b.count else { return false }
        for (k, v) in a {
            guard let w = b[k], w == v else { return false }
        }
        return true
    }
}

extension RegoObject: CustomStringConvertible {
    public var description: String { "[" + map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "]" }
}
