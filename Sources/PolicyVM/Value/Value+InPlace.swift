// Value, changed in place: adding to an array, set or object held in a register (a
// comprehension's accumulator) without copying it. Copy-on-write copies a collection
// whose storage has a second reference, and `switch r[acc] { case .array(var a): … }`
// keeps one: the switch's subject stays alive beside the bound copy through the whole
// case, so every append copied the array (a comprehension over n elements cost n²/2
// element copies). Here the payload is bound from `self` and `self` is cleared before
// the change, so the bound collection holds the only reference.
// Invariant: each method leaves `self` the same kind of collection, changed or not.

extension Value {
    /// Appends to an array value in place; false (unchanged) when not an array.
    @inline(__always) mutating func appendInPlace(_ element: Value) -> Bool {
        guard case .array(var a) = self else { return false }
        self = .null
        a.append(element)
        self = .array(a)
        return true
    }

    /// Inserts into a set value in place; false (unchanged) when not a set.
    @inline(__always) mutating func insertInPlace(_ element: Value) -> Bool {
        guard case .set(var s) = self else { return false }
        self = .null
        s.insert(element)
        self = .set(s)
        return true
    }

    /// What `setEntryInPlace` did.
    enum EntryInsertion { case inserted, conflict, notAnObject }

    /// Sets `key` to `value` in an object value in place, unless the key already holds a
    /// different value (a conflict: the object is left unchanged).
    @inline(__always) mutating func setEntryInPlace(_ key: Value, _ value: Value) -> EntryInsertion {
        guard case .object(var o) = self else { return .notAnObject }
        if let existing = o[key] { return existing == value ? .inserted : .conflict }
        self = .null
        o[key] = value
        self = .object(o)
        return .inserted
    }

    /// The number of elements of an array, set or object (0 for scalars).
    var collectionCount: Int {
        switch self {
        case .array(let a): return a.count
        case .set(let s): return s.count
        case .object(let o): return o.count
        default: return 0
        }
    }
}
