// JSONPatchTree: the document json.patch edits, kept the way OPA's edit tree keeps it
// so that each operation fails exactly where OPA's fails and says what OPA says: a
// removed object key or set member stays behind as a tombstone (a later path through
// it "cannot unfold the already deleted composite node"), array removals close the
// gap, a removed root refuses further inserts. Invariant: `render()` is the document
// after every operation applied so far, with no tombstone left in it.

final class JSONPatchTree {
    /// A child slot of an object or set: its subtree, or the kind of what was removed.
    enum Slot {
        case live(JSONPatchTree)
        case deleted(wasComposite: Bool)
    }

    enum Node {
        case scalar(Value)
        /// Slots in first-insertion order (the rendered object ignores the order).
        case object(keys: [Value], slots: [Value: Slot])
        case set(keys: [Value], slots: [Value: Slot])
        case array([JSONPatchTree])
        /// The whole document was removed.
        case removed
    }

    var node: Node
    /// The value the node was made from: OPA names it in "does not exist" errors.
    private(set) var base: Value

    init(_ value: Value) {
        base = value
        node = .removed
        reset(to: value)
    }

    /// Makes this node stand for `value`, as a fresh subtree.
    func reset(to value: Value) {
        base = value
        switch value {
        case .object(let o):
            var keys: [Value] = [], slots: [Value: Slot] = [:]
            for (k, v) in o {
                keys.append(k)
                slots[k] = .live(JSONPatchTree(v))
            }
            node = .object(keys: keys, slots: slots)
        case .set(let s):
            var keys: [Value] = [], slots: [Value: Slot] = [:]
            for v in s {
                keys.append(v)
                slots[v] = .live(JSONPatchTree(v))
            }
            node = .set(keys: keys, slots: slots)
        case .array(let a):
            node = .array(a.map(JSONPatchTree.init))
        default:
            node = .scalar(value)
        }
    }

    var isComposite: Bool {
        switch node {
        case .object, .set, .array: return true
        case .scalar, .removed: return false
        }
    }

    /// The document this subtree stands for now (nil once removed).
    func render() -> Value? {
        switch node {
        case .scalar(let v): return v
        case .removed: return nil
        case .array(let items): return .array(items.compactMap { $0.render() })
        case .object(let keys, let slots):
            var out = RegoObject(minimumCapacity: keys.count)
            for k in keys { if case .live(let t)? = slots[k], let v = t.render() { out[k] = v } }
            return .object(out)
        case .set(let keys, let slots):
            var out = Set<Value>()
            for k in keys { if case .live(let t)? = slots[k], let v = t.render() { out.insert(v) } }
            return .set(out)
        }
    }

    /// A set whose member is addressed by a composite key is rebuilt from its rendering
    /// first (members are their own keys, and an edited member is a different key).
    private func collapseSet(for key: Value) {
        if case .set = node, key.isComposite, let v = render() { reset(to: v) }
    }

    /// The subtree at `path` below this node.
    func unfold(_ path: ArraySlice<Value>) throws(JSONPatchError) -> JSONPatchTree {
        guard let key = path.first else { return self }
        let rest = path.dropFirst()
        switch node {
        case .removed:
            throw JSONPatchError("nil value encountered where composite value was expected")
        case .scalar(let v):
            throw JSONPatchError("expected composite type for path \(key.regoText), found value: \(v.regoText) (type: \(v.goTypeName))")
        case .object(_, let slots):
            switch slots[key] {
            case .live(let child)?: return try child.unfold(rest)
            case .deleted(let composite)?:
                throw JSONPatchError("cannot unfold the already deleted \(composite ? "composite" : "scalar") node for key \(key.regoText)")
            case nil:
                throw JSONPatchError("path \(key.regoText) does not exist in object term \(base.regoText)")
            }
        case .set:
            collapseSet(for: key)
            guard case .set(_, let slots) = node, case .live(let child)? = slots[key] else {
                throw JSONPatchError("path \(key.regoText) does not exist in set term \(base.regoText)")
            }
            return try child.unfold(rest)
        case .array(let items):
            let i = try JSONPatchTree.index(key, count: items.count)
            guard i >= 0 && i < items.count else {
                throw JSONPatchError("path \(i) does not exist in array term \(base.regoText)")
            }
            return try items[i].unfold(rest)
        }
    }

    /// Adds `value` under `key` (an object key, a set member equal to the value, an
    /// array index from 0 to the count, or `-` for the end).
    func insert(_ key: Value, _ value: Value) throws(JSONPatchError) {
        switch node {
        case .removed:
            throw JSONPatchError("deleted node encountered during insert operation")
        case .scalar(let v):
            throw JSONPatchError("expected composite type, found value: \(v.regoText) (type: \(v.goTypeName))")
        case .object(var keys, var slots):
            if slots[key] == nil { keys.append(key) }
            slots[key] = .live(JSONPatchTree(value))
            node = .object(keys: keys, slots: slots)
        case .set:
            guard key == value else {
                throw JSONPatchError("set key \(key.regoText) does not equal value to be inserted \(value.regoText)")
            }
            collapseSet(for: key)
            guard case .set(var keys, var slots) = node else { return }
            if slots[key] == nil { keys.append(key) }
            slots[key] = .live(JSONPatchTree(value))
            node = .set(keys: keys, slots: slots)
        case .array(var items):
            let i = try JSONPatchTree.index(key, count: items.count)
            guard i >= 0 && i <= items.count else { throw JSONPatchError("index for array insertion out of bounds") }
            items.insert(JSONPatchTree(value), at: i)
            node = .array(items)
        }
    }

    /// Removes what is under `key`.
    func delete(_ key: Value) throws(JSONPatchError) {
        switch node {
        case .removed:
            throw JSONPatchError("deleted node encountered during delete operation")
        case .scalar(let v):
            throw JSONPatchError("expected composite type, found value: \(v.regoText) (type: \(v.goTypeName))")
        case .object(let keys, var slots), .set(let keys, var slots):
            let isSet: Bool
            if case .set = node { isSet = true } else { isSet = false }
            if isSet && key.isComposite {
                collapseSet(for: key)
                return try delete(key)   // now a plain lookup of the rebuilt set
            }
            switch slots[key] {
            case .live(let child)?:
                slots[key] = .deleted(wasComposite: child.isComposite)
            case .deleted(let composite)?:
                throw JSONPatchError("cannot delete the already deleted \(composite ? "composite" : "scalar") node for key \(key.regoText)")
            case nil:
                throw JSONPatchError("cannot delete child key \(key.regoText) that does not exist")
            }
            node = isSet ? .set(keys: keys, slots: slots) : .object(keys: keys, slots: slots)
        case .array(var items):
            let i = try JSONPatchTree.index(key, count: items.count)
            guard i >= 0 && i < items.count else { throw JSONPatchError("index for array delete out of bounds") }
            items.remove(at: i)
            node = .array(items)
        }
    }

    /// An array index from a path segment: an integer, `-` (the end), or the digits of
    /// one without leading zeros.
    static func index(_ key: Value, count: Int) throws(JSONPatchError) -> Int {
        switch key {
        case .number(let n):
            guard let i = n.exactInt else { throw JSONPatchError("invalid number type for indexing") }
            return Int(clamping: i)
        case .string(let s):
            if s == "-" { return count }
            guard let i = Int(s) else { throw JSONPatchError("invalid string for indexing") }
            if s != "0" && s.hasPrefix("0") { throw JSONPatchError("leading zeros are not allowed in JSON paths") }
            return i
        default:
            throw JSONPatchError("invalid type for indexing")
        }
    }
}

/// Why a patch operation failed, in OPA's words.
struct JSONPatchError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

extension Value {
    var isComposite: Bool {
        switch self {
        case .array, .object, .set: return true
        default: return false
        }
    }

    /// The Go type OPA's messages name for a scalar (`%T` of an ast.Value).
    var goTypeName: String {
        switch self {
        case .null: return "ast.Null"
        case .bool: return "ast.Boolean"
        case .number: return "ast.Number"
        case .string: return "ast.String"
        case .array: return "*ast.Array"
        case .object: return "*ast.object"
        case .set: return "*ast.set"
        }
    }
}
