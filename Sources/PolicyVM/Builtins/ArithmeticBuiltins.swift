// Arithmetic operators as builtins: plus, minus, mul, div, rem (the VM dispatches
// `+ - * / %` to these by name). Invariant: integers stay exact while they fit in
// Int64, a zero divisor is an eval_builtin_error, and nothing here can trap.

enum ArithmeticBuiltins {
    static let all: [Builtin] = [plus, minus, mul, div, rem]

    static let plus = binary("plus") { x, y throws(BuiltinError) in x + y }
    static let mul = binary("mul") { x, y throws(BuiltinError) in x * y }

    static let div = binary("div") { x, y throws(BuiltinError) in
        if y.doubleValue == 0 { throw .failure("div", "divide by zero") }
        return x / y
    }

    static let rem = binary("rem") { x, y throws(BuiltinError) in
        guard let a = x.exactInt, let b = y.exactInt else {
            throw .failure("rem", "modulo on floating-point number")
        }
        if b == 0 { throw .failure("rem", "modulo by zero") }
        // Int64.min % -1 traps in Swift; the remainder is 0 anyway.
        if b == -1 { return .int(0) }
        return .int(a % b)
    }

    /// `minus` subtracts numbers and takes the difference of sets.
    static let minus = Builtin("minus") {
        args, _ throws(BuiltinError) in
        let ops = Operands("minus", args)
        switch (ops[1], ops[2]) {
        case (.number(let x), .number(let y)): return .number(x - y)
        case (.set(let x), .set(let y)): return .set(x.subtracting(y))
        case (.number, _): throw .operand("minus", 2, "number", got: ops[2])
        case (.set, .number): throw .operand("minus", 2, "set", got: ops[2])
        case (.set, _): throw .operand("minus", 2, "number", got: ops[2])
        default: throw .operand("minus", 1, "one of {number, set}", got: ops[1])
        }
    }

    private static func binary(
        _ name: String, _ op: @escaping @Sendable (Number, Number) throws(BuiltinError) -> Number
    ) -> Builtin {
        builtin(name) { ops throws(BuiltinError) in
            let x = try ops.number(1)
            let y = try ops.number(2)
            return .number(try op(x, y))
        }
    }
}
