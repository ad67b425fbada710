// IteratorState: where an iteration over a collection stands. Arrays are walked in
// place; sets and objects are snapshotted in Rego's order when the iteration starts,
// so results come out in a deterministic order.

/// The state of one `iterInit`/`iterNext` loop.
enum IteratorState {
    case empty
    case array([Value], Int)
    case set([Value], Int)
    case object([Value], RegoObject, Int)

    init?(_ collection: Value) {
        switch collection {
        case .array(let a): self = .array(a, 0)
        case .set(let s): self = .set(s.count < 2 ? Array(s) : s.sorted(), 0)
        case .object(let o): self = .object(o.count < 2 ? Array(o.keys) : o.keys.sorted(), o, 0)
        default: return nil
        }
    }

    /// The next (key, value), or nil at the end.
    @inline(__always) mutating func next() -> (Value, Value)? {
        switch self {
        case .empty:
            return nil
        case .array(let a, let i):
            guard i < a.count else { return nil }
            self = .array(a, i + 1)
            return (.number(.int(Int64(i))), a[i])
        case .set(let s, let i):
            guard i < s.count else { return nil }
            self = .set(s, i + 1)
            return (s[i], s[i])
        case .object(let keys, let o, let i):
            guard i < keys.count else { return nil }
            self = .object(keys, o, i + 1)
            return (keys[i], o[keys[i]]!)
        }
    }
}
