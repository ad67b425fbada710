// Aggregates: count, sum, product, max, min, sort — over arrays and sets (and strings
// and objects for count), with OPA's operand errors and OPA's number rules. Invariant:
// integer sums and products are exact; max/min of nothing is undefined, never an error.

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

    /// OPA's sum: machine integers while they fit, then exact integers when every
    /// member is integral, else a 64-bit float sum.
    static let sum = builtin("sum") { ops throws(BuiltinError) in
        let items = try ops.arrayOrSetElements(1, expected: "one of {set, array}")
        var total: Int64 = 0
        var fits = true
        for item in items {
            guard case .number(let n) = item, let i = n.exactInt else { fits = false; break }
            let (s, overflow) = total.addingReportingOverflow(i)
            if overflow { fits = false; break }
            total = s
        }
        if fits { return .int(Int(total)) }
        return .number(try accumulate(ops, items, identity: BigInt(0), exact: { $0 + $1 }, start: .zero(precision: 0)) {
            BinaryFloat.sum($0, $1)
        })
    }

    /// OPA's product: exact integers when every member is integral, else floats that
    /// keep the 53 bits of the Go float the product starts from (`product([0.1, 3])` is
    /// 0.30000000000000004, unlike `0.1 * 3`).
    static let product = builtin("product") { ops throws(BuiltinError) in
        let items = try ops.arrayOrSetElements(1, expected: "one of {set, array}")
        return .number(try accumulate(ops, items, identity: BigInt(1), exact: { $0 * $1 }, start: BinaryFloat(1, precision: 53)) {
            BinaryFloat.product($0, $1, precision: $0.precision)
        })
    }

    /// Exact big-integer accumulation when every member is an integral number, else
    /// the float fold from `start` (where a non-number is the operand error).
    private static func accumulate(_ ops: Operands, _ items: [Value], identity: BigInt, exact: (BigInt, BigInt) -> BigInt,
                                   start: BinaryFloat, float: (BinaryFloat, BinaryFloat) -> BinaryFloat) throws(BuiltinError) -> Number {
        var integers: [BigInt] = []
        for item in items {
            guard case .number(let n) = item, (try? n.checkMagnitude()) != nil, let i = n.exactInteger else { break }
            integers.append(i)
        }
        if integers.count == items.count {
            var acc = identity
            for i in integers {
                acc = exact(acc, i)
                if acc.magnitude.bitWidth > Number.maxMagnitudeBits { throw .number(ops.name, .tooLarge) }
            }
            return Number(acc)
        }
        var acc = start
        for item in items {
            guard case .number(let n) = item else { throw .element(ops.name, 1, ops[1], item, "number") }
            do throws(NumberError) { try n.checkMagnitude() } catch { throw .number(ops.name, error) }
            acc = float(acc, n.binaryFloat)
        }
        do throws(NumberError) { return try Number(checked: acc) } catch { throw .number(ops.name, error) }
    }

    /// OPA's max: of equal members, the last of an array.
    static let max = builtin("max") { ops throws(BuiltinError) in
        let items = try ops.arrayOrSetElements(1, expected: "one of {set, array}")
        guard var best = items.first else { return nil }
        for item in items.dropFirst() where Value.compare(best, item) <= 0 { best = item }
        return best
    }

    /// OPA's min: of equal members, the last of an array.
    static let min = builtin("min") { ops throws(BuiltinError) in
        let items = try ops.arrayOrSetElements(1, expected: "one of {set, array}")
        guard var best = items.first else { return nil }
        for item in items.dropFirst() where Value.compare(best, item) >= 0 { best = item }
        return best
    }

    static let sort = builtin("sort") { ops throws(BuiltinError) in
        .array(try ops.arrayOrSetElements(1, expected: "one of {set, array}").sorted())
    }
}
