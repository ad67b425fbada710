// Set builtins: union and intersection of a set of sets, and the `&` / `|`
// operators (`and`, `or`). Invariant: every member that should be a set is checked,
// with OPA's operand error, before any result is built.

enum SetBuiltins {
    static let all: [Builtin] = [union, intersection, and, or]

    static let union = builtin("union") { ops throws(BuiltinError) in
        var result = Set<Value>()
        for member in try members(ops) { result.formUnion(member) }
        return .set(result)
    }

    static let intersection = builtin("intersection") { ops throws(BuiltinError) in
        var result: Set<Value>?
        for member in try members(ops) { result = result.map { $0.intersection(member) } ?? member }
        return .set(result ?? [])
    }

    /// The members of operand 1, each required to be a set.
    private static func members(_ ops: Operands) throws(BuiltinError) -> [Set<Value>] {
        var out: [Set<Value>] = []
        for member in try ops.set(1) {
            guard case .set(let s) = member else { throw .operand(ops.name, 1, "set", got: member) }
            out.append(s)
        }
        return out
    }

    static let and = builtin("and") { ops throws(BuiltinError) in
        let a = try ops.set(1), b = try ops.set(2)
        return .set(a.intersection(b))
    }

    static let or = builtin("or") { ops throws(BuiltinError) in
        let a = try ops.set(1), b = try ops.set(2)
        return .set(a.union(b))
    }
}
