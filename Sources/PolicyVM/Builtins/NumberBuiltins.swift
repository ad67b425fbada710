// Number builtins: abs, round, ceil, floor, numbers.range, to_number, format_int.
// Invariant: integers pass through unchanged, rounding follows Go (round half away
// from zero), and a result that is integral becomes an integer when it fits.

enum NumberBuiltins {
    static let all: [Builtin] = [abs, round, ceil, floor, range, toNumber, formatInt]

    /// numbers.range materialises every number: past this many the array would take
    /// hundreds of megabytes, so the call fails cleanly instead.
    static let maxRangeLength: Int64 = 1_000_000

    static let abs = unary("abs") { d in Swift.abs(d) }
    static let round = unary("round") { d in d.rounded(.toNearestOrAwayFromZero) }
    static let ceil = unary("ceil") { d in d.rounded(.up) }
    static let floor = unary("floor") { d in d.rounded(.down) }

    private static func unary(_ name: String, _ op: @escaping @Sendable (Double) -> Double) -> Builtin {
        builtin(name) { ops throws(BuiltinError) in
            switch try ops.number(1) {
            case .int(let i):
                guard name == "abs", i < 0 else { return .number(.int(i)) }
                return .number(-Number.int(i))
            case .double(let d):
                return .number(Number.normalized(op(d)))
            }
        }
    }

    static let range = builtin("numbers.range") { ops throws(BuiltinError) in
        let from = try rangeBound(ops, 1), to = try rangeBound(ops, 2)
        let (span, overflow) = to.subtractingReportingOverflow(from)
        guard !overflow, span.magnitude < UInt64(maxRangeLength) else {
            throw .failure(ops.name, "range has more than \(maxRangeLength) numbers")
        }
        var out: [Value] = []
        out.reserveCapacity(Int(span.magnitude) + 1)
        var current = from
        while true {
            out.append(.number(.int(current)))
            if current == to { break }
            current += from <= to ? 1 : -1
        }
        return .array(out)
    }

    private static func rangeBound(_ ops: Operands, _ index: Int) throws(BuiltinError) -> Int64 {
        guard case .number(let n) = ops[index] else { throw .operand(ops.name, index, "integer", got: ops[index]) }
        guard let i = n.exactInt else {
            throw .operandText(ops.name, index, "must be integer number but got floating-point number")
        }
        return i
    }

    static let toNumber = builtin("to_number") {
        ops throws(BuiltinError) in
        switch ops[1] {
        case .null: return .int(0)
        case .bool(let b): return .int(b ? 1 : 0)
        case .number(let n): return .number(n)
        case .string(let s): return .number(try GoFloatSyntax.parse(s, builtin: ops.name))
        default: throw .operand(ops.name, 1, "one of {null, boolean, number, string}", got: ops[1])
        }
    }

    static let formatInt = builtin("format_int") { ops throws(BuiltinError) in
        let n = try ops.number(1)
        let base = try ops.number(2)
        guard let b = base.exactInt, [2, 8, 10, 16].contains(b) else {
            throw .operandText(ops.name, 2, "must be one of {2, 8, 10, 16}")
        }
        guard let text = IntegerDigits.text(n, base: Int(b)) else {
            throw .failure(ops.name, "cannot format \(JSONWriter.numberText(n)) as an integer")
        }
        return .string(text)
    }
}
