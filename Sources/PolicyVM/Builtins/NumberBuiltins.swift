// Number builtins: abs, round, ceil, floor, numbers.range, numbers.range_step, to_number,
// format_int, with OPA's rules (Number.swift): int32-window integers unchanged, others
// through a 64-bit float; numbers.range and range_step on exact integers; to_number keeping the string it parsed;
// format_int on the exact integer when the text is one. Invariant: every result is
// OPA's, and every failure is OPA's error text, never a trap.

enum NumberBuiltins {
    static let all: [Builtin] = [abs, round, ceil, floor, range, rangeStep, toNumber, formatInt]

    /// numbers.range materialises every number: past this many the array would take
    /// hundreds of megabytes, so the call fails cleanly instead.
    static let maxRangeLength = 1_000_000

    static let abs = unary("abs") { n throws(NumberError) in try n.absolute() }
    static let round = unary("round") { n throws(NumberError) in try n.roundedToInteger() }
    static let ceil = unary("ceil") { n throws(NumberError) in try n.ceiling() }
    static let floor = unary("floor") { n throws(NumberError) in try n.floorValue() }

    private static func unary(_ name: String, _ op: @escaping @Sendable (Number) throws(NumberError) -> Number) -> Builtin {
        builtin(name) { ops throws(BuiltinError) in
            let n = try ops.number(1)
            do throws(NumberError) { return .number(try op(n)) } catch { throw .number(name, error) }
        }
    }

    static let range = builtin("numbers.range") { ops throws(BuiltinError) in
        try arithmeticSequence(ops, from: try rangeBound(ops, 1), to: try rangeBound(ops, 2), step: BigInt(1))
    }

    /// numbers.range_step(a, b, step): a, a ± step, … up to b (b itself only when a step lands on it).
    static let rangeStep = builtin("numbers.range_step") { ops throws(BuiltinError) in
        let from = try rangeBound(ops, 1), to = try rangeBound(ops, 2), step = try rangeBound(ops, 3)
        guard !step.isNegative, step != BigInt(0) else {
            throw .failure(ops.name, "numbers.range_step: step must be a positive integer")
        }
        return try arithmeticSequence(ops, from: from, to: to, step: step)
    }

    /// from, from ± step, … while not past `to`, as exact integers (machine words when
    /// both ends fit), at most maxRangeLength of them.
    private static func arithmeticSequence(_ ops: Operands, from: BigInt, to: BigInt, step: BigInt) throws(BuiltinError) -> Value {
        let span = to - from
        let steps = span.magnitude.quotientAndRemainder(dividingBy: step.magnitude).quotient
        guard steps < BigUInt(UInt64(maxRangeLength)), let n = steps.uint64Value else {
            throw .failure(ops.name, "range has more than \(maxRangeLength) numbers")
        }
        let count = Int(n) + 1
        let signedStep = span.isNegative ? -step : step
        var out: [Value] = []
        out.reserveCapacity(count)
        if from.int64Value != nil, to.int64Value != nil, let start = from.int64Value, let delta = signedStep.int64Value {
            // Every member lies between the two ends, so none overflows.
            for i in 0..<Int64(count) { out.append(.number(.int(start + i * delta))) }
        } else {
            var current = from
            for _ in 0..<count { out.append(.number(Number(current))); current = current + signedStep }
        }
        return .array(out)
    }

    /// OPA's BigIntOperand: an integral number, exactly.
    private static func rangeBound(_ ops: Operands, _ index: Int) throws(BuiltinError) -> BigInt {
        try ops.bigInteger(index)
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

    /// OPA's format_int: the base's text must be exactly 2, 8, 10 or 16; an integer
    /// written in digits is formatted exactly, anything else truncated from its
    /// 64-bit float (`format_int(1e400, 10)` shows the float's binary digits).
    static let formatInt = builtin("format_int") { ops throws(BuiltinError) in
        let n = try ops.number(1)
        let base = try ops.number(2)
        guard ["2", "8", "10", "16"].contains(base.text), let radix = Int(base.text) else {
            throw .operandText(ops.name, 2, "must be one of {2, 8, 10, 16}")
        }
        if let exact = IntegerDigits.plainInteger(n) { return .string(IntegerDigits.text(exact, radix: radix)) }
        do throws(NumberError) { try n.checkMagnitude() } catch { throw .number(ops.name, error) }
        return .string(IntegerDigits.text(n.binaryFloat.truncated.value, radix: radix))
    }
}
