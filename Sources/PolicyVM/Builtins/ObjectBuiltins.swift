// Object builtins: object.get, object.keys, object.remove, object.union, object.filter.
// Invariant: the input objects are never mutated (values are copied on write), and a
// path that leaves the document yields the default, never an error.

enum ObjectBuiltins {
    static let all: [Builtin] = [get, keys, remove, union, filter]

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
        for key in try keySet(ops) {
            if let v = object[key] { kept[key] = v }
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

    static func merge(_ a: RegoObject, _ b: RegoObject) -> RegoObject {
        var out = a
        for (key, value) in b {
            if case .object(let old)? = out[key], case .object(let new) = value {
                out[key] = .object(merge(old, new))
            } else {
                out[key] = value
            }
        }
        return out
    }
}
