// Number+Arithmetic: + - * / % and abs, round, ceil, floor, as OPA's
// topdown/arithmetic.go runs them: int32-window integers on machine words, other
// integers exactly (big integers), everything else through Go's big.Float at 64 bits,
// each result spelled as OPA spells it. The float path runs on machine words when
// the operands are machine-sized (GoFloat64), else on BinaryFloat. Invariant: the
// answer is OPA's for every pair of numbers; the machine-word and decimal shortcuts
// are the same computation made cheaply, never an approximation (their tests hold
// each against BinaryFloat).

/// Why arithmetic on numbers failed; the builtins turn it into OPA's message.
public enum NumberError: Error, Sendable, Equatable {
    case divideByZero
    case moduloByZero
    case moduloOnFloat
    /// An operand or result beyond `Number.maxMagnitudeDigits`.
    case tooLarge
}

/// The binary operations of OPA's arithmetic.
enum ArithmeticOperation: Sendable {
    case plus, minus, times, divide, remainder
}

extension Number {
    public static func plus(_ a: Number, _ b: Number) throws(NumberError) -> Number { try evaluate(.plus, a, b) }
    public static func minus(_ a: Number, _ b: Number) throws(NumberError) -> Number { try evaluate(.minus, a, b) }
    public static func times(_ a: Number, _ b: Number) throws(NumberError) -> Number { try evaluate(.times, a, b) }
    public static func divide(_ a: Number, _ b: Number) throws(NumberError) -> Number { try evaluate(.divide, a, b) }
    public static func remainder(_ a: Number, _ b: Number) throws(NumberError) -> Number { try evaluate(.remainder, a, b) }

    /// OPA's arithOp.eval: the int32 window, then exact integers, then 64-bit floats.
    static func evaluate(_ op: ArithmeticOperation, _ a: Number, _ b: Number) throws(NumberError) -> Number {
        if case .int(let x) = a, case .int(let y) = b { return try machineIntegers(op, x, y) }
        if let fast = try fastDecimal(op, a, b) { return fast }
        return try general(op, a, b)
    }

    /// OPA's algorithm on any numbers, without the machine-word shortcuts.
    static func general(_ op: ArithmeticOperation, _ a: Number, _ b: Number) throws(NumberError) -> Number {
        if let x = a.smallInt, let y = b.smallInt, let r = try smallIntegers(op, x, y) { return .int(r) }
        try a.checkMagnitude()
        try b.checkMagnitude()
        if op != .divide, let x = a.exactInteger, let y = b.exactInteger {
            let result: BigInt
            switch op {
            case .plus: result = x + y
            case .minus: result = x - y
            case .times: result = x * y
            case .remainder:
                if y.isZero { throw .moduloByZero }
                result = x.truncatedRemainder(dividingBy: y)
            case .divide: fatalError("division has no exact integer form")
            }
            if result.magnitude.bitWidth > Number.maxMagnitudeBits { throw .tooLarge }
            return Number(result)
        }
        if op == .remainder { throw .moduloOnFloat }
        if let machine = machineFloat(op, a, b) { return machine }
        return try bigFloat(op, a, b)
    }

    /// OPA's float path on machine-sized nonzero operands, in machine words; nil when
    /// an operand is not one or the result leaves GoFloat64's range.
    static func machineFloat(_ op: ArithmeticOperation, _ a: Number, _ b: Number) -> Number? {
        guard let x = ExactOperand(a), let y = ExactOperand(b), let rx = GoFloat64(x), let ry = GoFloat64(y) else { return nil }
        let r: GoFloat64?
        switch op {
        case .plus: r = .sum(rx, ry)
        case .minus: r = .sum(rx, ry.negated)
        case .times: r = .product(rx, ry)
        case .divide: r = .quotient(rx, ry)
        case .remainder: r = nil
        }
        return r?.number
    }

    /// OPA's float path on any numbers: Go's big.Float at 64 bits (BinaryFloat).
    static func bigFloat(_ op: ArithmeticOperation, _ a: Number, _ b: Number) throws(NumberError) -> Number {
        let x = a.binaryFloat, y = b.binaryFloat
        let r: BinaryFloat
        switch op {
        case .plus: r = .sum(x, y)
        case .minus: r = .difference(x, y)
        case .times: r = .product(x, y)
        case .divide:
            if y.isZero { throw .divideByZero }
            r = .quotient(x, y)
        case .remainder: throw .moduloOnFloat
        }
        return try Number(checked: r)
    }

    /// Two Int64 operands: the int32 window as OPA's small path, the rest as its exact
    /// big-integer path (which for + - * % is the exact result) or its float quotient.
    static func machineIntegers(_ op: ArithmeticOperation, _ x: Int64, _ y: Int64) throws(NumberError) -> Number {
        switch op {
        case .plus:
            let (r, o) = x.addingReportingOverflow(y)
            return o ? Number(Int128(x) + Int128(y)) : .int(r)
        case .minus:
            let (r, o) = x.subtractingReportingOverflow(y)
            return o ? Number(Int128(x) - Int128(y)) : .int(r)
        case .times:
            let (r, o) = x.multipliedReportingOverflow(by: y)
            return o ? Number(Int128(x) * Int128(y)) : .int(r)
        case .remainder:
            if y == 0 { throw .moduloByZero }
            return .int(y == -1 ? 0 : x % y)
        case .divide:
            if y == 0 { throw .divideByZero }
            if x != 0, y != -1 || x != Int64.min, x % y == 0 {
                // An exact quotient: OPA's small path, or its float path, which is exact here.
                return .int(x / y)
            }
            if x == 0 { return y < 0 ? Number(text: "-0")! : .int(0) }
            if let fast = try fastDecimal(.divide, .int(x), .int(y)) { return fast }
            if let machine = machineFloat(.divide, .int(x), .int(y)) { return machine }
            return try Number(checked: .quotient(BinaryFloat(x), BinaryFloat(y)))
        }
    }

    /// OPA's small path for int32-window operands; nil when it hands over to floats.
    private static func smallIntegers(_ op: ArithmeticOperation, _ x: Int64, _ y: Int64) throws(NumberError) -> Int64? {
        switch op {
        case .plus: return x + y
        case .minus: return x - y
        case .times: return x * y
        case .remainder:
            if y == 0 { throw .moduloByZero }
            return x % y
        case .divide:
            if y == 0 { throw .divideByZero }
            return x != 0 && x % y == 0 ? x / y : nil
        }
    }

    /// The int32 window of OPA's small path (a product of two still fits Int64).
    var smallInt: Int64? {
        guard let i = exactInt, i >= -(1 << 31), i < 1 << 31 else { return nil }
        return i
    }

    /// OPA's NumberToInt: the value as an integer when it is integral.
    var exactInteger: BigInt? {
        switch self {
        case .int(let i): return BigInt(i)
        case .decimal(let d): return d.integralValue.map { BigInt($0) }
        case .text(let t):
            let syntax = t.syntax
            if let hex = syntax.hexMantissa {
                if syntax.exponent >= 0 { return BigInt(negative: syntax.isNegative, magnitude: hex << syntax.exponent) }
                guard hex.trailingZeroBitCount >= -syntax.exponent || hex.isZero else { return nil }
                return BigInt(negative: syntax.isNegative, magnitude: hex >> -syntax.exponent)
            }
            let (negative, digits, exponent) = syntax.exactDecimal
            guard exponent >= 0 else { return nil }
            var magnitude = BigUInt(decimalDigits: digits) ?? .zero
            if exponent > 0 { magnitude = magnitude * BigUInt.powerOfTen(exponent) }
            return BigInt(negative: negative, magnitude: magnitude)
        }
    }

    /// OPA's NumberToFloat: Go's SetString of the text at 64-bit precision.
    var binaryFloat: BinaryFloat {
        switch self {
        case .int(let i): return BinaryFloat(i)
        case .decimal(let d):
            let digits = Array(String(d.significand.magnitude).utf8)
            return BinaryFloat(parsing: NumberSyntax(negative: d.significand < 0, digits: digits, exponent: -Int(d.scale)))
        case .text(let t): return BinaryFloat(parsing: t.syntax)
        }
    }

    /// Bits past which a result is refused (`maxMagnitudeDigits` decimal digits).
    static let maxMagnitudeBits = maxMagnitudeDigits * 3322 / 1000

    func checkMagnitude() throws(NumberError) {
        if case .text(let t) = self, t.syntax.magnitudeDigits > Number.maxMagnitudeDigits { throw .tooLarge }
    }

    /// A float result as OPA spells it, refused when its digits would run past the limit.
    init(checked value: BinaryFloat) throws(NumberError) {
        // Past the limit either way, the digits (or a tiny value's exact decimal) explode.
        if !value.isZero, value.exponent + value.mantissa.bitWidth > Number.maxMagnitudeBits
            || value.exponent < -Number.maxMagnitudeBits { throw .tooLarge }
        self = Number(value)
    }

    // MARK: - abs, round, ceil, floor

    public func absolute() throws(NumberError) -> Number {
        try unary(integer: { $0 < 0 ? Number(-BigInt($0)) : .int($0) }, float: { $0.magnitudeValue })
    }

    /// Half away from zero, after the text is rounded to 64 bits (OPA's arithRound).
    public func roundedToInteger() throws(NumberError) -> Number {
        try unary(integer: { .int($0) }, float: { a in
            let half = BinaryFloat(negative: a.isNegative, mantissa: .one, exponent: -1, precision: 53)
            return BinaryFloat(BinaryFloat.sum(a, half).truncated.value)
        })
    }

    /// OPA's arithCeil: the truncation, plus one unless it is negative or exact.
    public func ceiling() throws(NumberError) -> Number {
        try unary(integer: { .int($0) }, float: { a in
            let t = a.truncated.value
            let f = BinaryFloat(t)
            if t.isNegative || BinaryFloat.compare(a, f) == 0 { return f }
            return .sum(f, BinaryFloat(1, precision: 53))
        })
    }

    /// OPA's arithFloor: the truncation, minus one only when it is negative and inexact.
    public func floorValue() throws(NumberError) -> Number {
        try unary(integer: { .int($0) }, float: { a in
            let t = a.truncated.value
            let f = BinaryFloat(t)
            if !t.isNegative || BinaryFloat.compare(a, f) == 0 { return f }
            return .difference(f, BinaryFloat(1, precision: 53))
        })
    }

    /// OPA's arithUnary: int32-window integers on machine words, everything else as a
    /// float. A 64-bit float holds any Int64 exactly and each of these operations is
    /// exact on it, so every Int64 takes the machine-word path.
    private func unary(integer: (Int64) -> Number, float: (BinaryFloat) -> BinaryFloat) throws(NumberError) -> Number {
        if case .int(let i) = self { return integer(i) }
        if let x = smallInt { return integer(x) }
        try checkMagnitude()
        return try Number(checked: float(binaryFloat))
    }
}
