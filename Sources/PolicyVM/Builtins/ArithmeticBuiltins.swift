// Arithmetic operators as builtins: plus, minus, mul, div, rem (the VM runs `+ - * / %`
// through the same `numberOperation`). The numbers follow OPA's rules (Number.swift);
// this file only names the operations and gives OPA's error texts. Invariant: nothing
// here can trap; every failure is an eval_builtin_error or an operand error.

enum ArithmeticBuiltins {
    static let all: [Builtin] = [plus, minus, mul, div, rem]

    static let plus = binary("plus", .plus)
    static let mul = binary("mul", .times)
    static let div = binary("div", .divide)
    static let rem = binary("rem", .remainder)

    /// `minus` subtracts numbers and takes the difference of sets.
    static let minus = Builtin("minus") {
        args, _ throws(BuiltinError) in
        let ops = Operands("minus", args)
        switch (ops[1], ops[2]) {
        case (.number(let x), .number(let y)): return .number(try numberOperation("minus", .minus, x, y))
        case (.set(let x), .set(let y)): return .set(x.subtracting(y))
        case (.number, _): throw .operand("minus", 2, "number", got: ops[2])
        case (.set, .number): throw .operand("minus", 2, "set", got: ops[2])
        case (.set, _): throw .operand("minus", 2, "number", got: ops[2])
        default: throw .operand("minus", 1, "one of {number, set}", got: ops[1])
        }
    }

    /// One arithmetic operation with OPA's error texts under builtin `name`.
    static func numberOperation(_ name: String, _ op: ArithmeticOperation, _ x: Number, _ y: Number) throws(BuiltinError) -> Number {
        do throws(NumberError) { return try Number.evaluate(op, x, y) } catch { throw .number(name, error) }
    }

    private static func binary(_ name: String, _ op: ArithmeticOperation) -> Builtin {
        builtin(name) { ops throws(BuiltinError) in
            let x = try ops.number(1)
            let y = try ops.number(2)
            return .number(try numberOperation(name, op, x, y))
        }
    }
}

extension BuiltinError {
    /// OPA's text for a failed number operation of builtin `name` (`div: divide by zero`).
    static func number(_ name: String, _ error: NumberError) -> BuiltinError {
        switch error {
        case .divideByZero: return .failure(name, "divide by zero")
        case .moduloByZero: return .failure(name, "modulo by zero")
        case .moduloOnFloat: return .failure(name, "modulo on floating-point number")
        case .tooLarge: return .failure(name, "number too large: more than \(Number.maxMagnitudeDigits) digits")
        }
    }
}
