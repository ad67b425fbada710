// Object builtins: object.get, object.keys, object.remove, object.union,
// object.union_n, object.filter, object.subset. Invariant: the input objects are never
// mutated (values are copied on write), and a path that leaves the document yields
// the default, never an error.

enum ObjectBuiltins {
    static let all: [Builtin] = [get, keys, remove, union, unionN, filter, subset]

    /// object.get(obj, key, default); an array key is a path into nested documents.
    static let get = builtin("object.get") { ops throws(BuiltinError) in
        let object = try ops.object(1)
        guard case .array(let path) = ops[2] else { return object[ops[2]] ?? ops[3] }
        var current = ops[1]
        for step in path {
            guard let next = current.lookup(step) else { return ops[3] }
            current = next
        }
        return current
    }

    static let keys = builtin("object.keys") { ops throws(BuiltinError) in
        .set(Set(try ops.object(1).keys))
    }

    static let remove = builtin("object.remove") { ops throws(BuiltinError) in
        var object = try ops.object(1)
        for key in try keySet(ops) { object.removeValue(forKey: key) }
        return .object(object)
    }

    static let filter = builtin("object.filter") { ops throws(BuiltinError) in
        let object = try ops.object(1)
        var kept: RegoObject = [:]
        // The kept entries keep the object's keys (OPA: filtering {1.0: x} by [1] gives {1.0: x}).
        for key in try keySet(ops) {
            if let (own, v) = object.entry(key) { kept.set(own, v) }
        }
        return .object(kept)
    }

    /// Operand 2 of remove/filter: the keys named by an array, a set or an object's keys.
    private static func keySet(_ ops: Operands) throws(BuiltinError) -> Set<Value> {
        switch ops[2] {
        case .array(let a): return Set(a)
        case .set(let s): return s
        case .object(let o): return Set(o.keys)
        default: throw .operand(ops.name, 2, "one of {object, set, array}", got: ops[2])
        }
    }

    /// object.union(a, b): b's values win; where both values are objects they merge.
    static let union = builtin("object.union") { ops throws(BuiltinError) in
        let a = try ops.object(1), b = try ops.object(2)
        return .object(merge(a, b))
    }

    /// `b` merged into `a`; a key in both keeps `a`'s spelling (object.union), or `b`'s
    /// when `laterKeys` (object.union_n: OPA's union of {1: x} then {1.0: y} is {1.0: …},
    /// at every depth).
    static func merge(_ a: RegoObject, _ b: RegoObject, laterKeys: Bool = false) -> RegoObject {
        var out = a
        for (key, value) in b {
            var merged = value
            if case .object(let old)? = out[key], case .object(let new) = value {
                merged = .object(merge(old, new, laterKeys: laterKeys))
            }
            // Setting keeps the stored key: drop it first where the spelling may differ
            // (a number, or a composite holding one; never a string).
            if laterKeys, !isString(key) { out.removeValue(forKey: key) }
            out[key] = merged
        }
        return out
    }

    private static func isString(_ v: Value) -> Bool {
        if case .string = v { return true }
        return false
    }

    /// object.union_n(objects): object.union of all of them, left to right.
    static let unionN = builtin("object.union_n") { ops throws(BuiltinError) in
        let items = try ops.array(1)
        var out: RegoObject = [:]
        for item in items {
            guard case .object(let o) = item else { throw .element(ops.name, 1, ops[1], item, "object") }
            out = merge(out, o, laterKeys: true)
        }
        return .object(out)
    }

    /// object.subset(super, sub): whether `sub` is within `super` — objects key by key
    /// (nested objects, sets and arrays recursively), sets by membership, arrays as a
    /// contiguous run, or a set's members all found in an array.
    static let subset = builtin("object.subset") { ops throws(BuiltinError) in
        switch (ops[1], ops[2]) {
        case (.object(let a), .object(let b)): return .bool(SubsetRelation.object(a, contains: b))
        case (.set(let a), .set(let b)): return .bool(b.isSubset(of: a))
        case (.array(let a), .array(let b)): return .bool(SubsetRelation.array(a, contains: b))
        case (.array(let a), .set(let b)): return .bool(SubsetRelation.array(a, containsAll: b))
        default:
            // OPA reports this as a type error (eval_type_error) with its own text.
            throw BuiltinError(.type, "\(ops.name): both arguments object.subset must be of the same type or array and set")
        }
    }
}

/// The relations object.subset decides, as OPA defines them.
enum SubsetRelation {
    static func object(_ sup: RegoObject, contains sub: RegoObject) -> Bool {
        for (key, subValue) in sub {
            guard let supValue = sup[key] else { return false }
            if supValue == subValue { continue }
            switch (supValue, subValue) {
            case (.object(let a), .object(let b)): if !object(a, contains: b) { return false }
            case (.set(let a), .set(let b)): if !b.isSubset(of: a) { return false }
            case (.array(let a), .array(let b)): if !array(a, contains: b) { return false }
            default: return false
            }
        }
        return true
    }

    /// Whether `sub` occurs in `sup` as a contiguous run.
    static func array(_ sup: [Value], contains sub: [Value]) -> Bool {
        guard sub.count <= sup.count else { return false }
        if sub.isEmpty { return true }
        for start in 0...(sup.count - sub.count) where sup[start..<(start + sub.count)].elementsEqual(sub) {
            return true
        }
        return false
    }

    /// OPA counts the array's members found in the set until it has counted as many as
    /// the set has (so a repeated member counts twice), and an empty array holds no
    /// set, not even the empty one.
    static func array(_ sup: [Value], containsAll sub: Set<Value>) -> Bool {
        var unmatched = sub.count
        for item in sup {
            if sub.contains(item) { unmatched -= 1 }
            if unmatched <= 0 { return true }
        }
        return false
    }
}

