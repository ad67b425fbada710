// Aggregates: count, sum, product, max, min, sort — over arrays and sets (and strings
// and objects for count), with OPA's operand errors. Invariant: sums of integers are
// exact until they overflow Int64; max/min of nothing is undefined, never an error.

enum AggregateBuiltins {
    static let all: [Builtin] = [count, sum, product, max, min, sort]

    static let count = Builtin("count") {
        args, _ throws(BuiltinError) in
        let ops = Operands("count", args)
        switch ops[1] {
        case .array(let a): return .int(a.count)
        case .set(let s): return .int(s.count)
        case .object(let o): return .int(o.count)
        case .string(let s): return .int(s.unicodeScalars.count)
        default: throw .operand("count", 1, "one of {array, object, set, string}", got: ops[1])
        }
    }

    static let sum = builtin("sum") { ops throws(BuiltinError) in
        .number(try fold(ops, from: .int(0), +))
    }

    static let product = builtin("product") { ops throws(BuiltinError) in
        .number(try fold(ops, from: .int(1), *))
    }

    private static func fold(_ ops: Operands, from start: Number, _ op: (Number, Number) -> Number) throws(BuiltinError) -> Number {
        let items = try ops.arrayOrSetElements(1, expected: "one of {set, array}")
        var acc = start
        for item in items {
            guard case .number(let n) = item else { throw .element(ops.name, 1, ops[1], item, "number") }
            acc = op(acc, n)
        }
        return acc
    }

    static let max = builtin("max") { ops throws(BuiltinError) in
        try ops.arrayOrSetElements(1, expected: "one of {set, array}").max()
    }

    static let min = builtin("min") { ops throws(BuiltinError) in
        try ops.arrayOrSetElements(1, expected: "one of {set, array}").min()
    }

    static let sort = builtin("sort") { ops throws(BuiltinError) in
        .array(try ops.arrayOrSetElements(1, expected: "one of {set, array}").sorted())
    }
}
