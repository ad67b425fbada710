// BinaryFloat: a binary floating-point number of a chosen precision that computes as
// Go's math/big.Float does (OPA's decimal arithmetic is big.Float arithmetic): every
// result is the exact result rounded once to the precision, to nearest, ties to even;
// zero keeps a sign (0 × -1.5 is -0); a result's precision is the larger of the
// operands' unless the receiver already had one (Go's product([...]) keeps 53 bits).
// Invariant: a nonzero mantissa has at most `precision` significant bits.

/// A signed binary float: (-1)^isNegative × mantissa × 2^exponent, with a precision.
struct BinaryFloat: Sendable {
    var isNegative: Bool
    /// Zero when the value is zero.
    var mantissa: BigUInt
    var exponent: Int
    /// Significant bits kept by rounding (Go's prec).
    var precision: Int

    init(negative: Bool, mantissa: BigUInt, exponent: Int, precision: Int) {
        self.isNegative = negative
        self.mantissa = mantissa
        self.exponent = mantissa.isZero ? 0 : exponent
        self.precision = precision
    }

    static func zero(negative: Bool = false, precision: Int) -> BinaryFloat {
        BinaryFloat(negative: negative, mantissa: .zero, exponent: 0, precision: precision)
    }

    var isZero: Bool { mantissa.isZero }

    /// Go's SetInt: exact, with the precision of the integer's bits but at least 64.
    init(_ value: BigInt) {
        self.init(negative: value.isNegative, mantissa: value.magnitude, exponent: 0,
                  precision: Swift.max(64, value.magnitude.bitWidth))
    }

    /// Go's SetUint64/SetInt64 on a fresh Float (precision 64) or on one of `precision` bits.
    init(_ value: Int64, precision: Int = 64) {
        self.init(negative: value < 0, mantissa: BigUInt(value.magnitude), exponent: 0, precision: precision)
        self = rounded(sticky: false)
    }

    // MARK: - Rounding

    /// The value rounded to `precision` bits, to nearest with ties to even; `sticky`
    /// says that nonzero bits were already cut off below the mantissa.
    func rounded(sticky: Bool) -> BinaryFloat {
        let width = mantissa.bitWidth
        guard width > precision else { return self }
        let roundBit = width - precision - 1
        let up = mantissa.bit(roundBit)
            && (sticky || mantissa.hasBitsBelow(roundBit) || mantissa.bit(roundBit + 1))
        var m = mantissa >> (roundBit + 1)
        var e = exponent + roundBit + 1
        if up {
            m = m + BigUInt.one
            if m.bitWidth > precision { m = m >> 1; e += 1 }
        }
        return BinaryFloat(negative: isNegative, mantissa: m, exponent: e, precision: precision)
    }

    // MARK: - Arithmetic (Go's Add, Sub, Mul, Quo)

    /// `x + y` at `precision` (Go: the receiver's precision if set, else the larger operand's).
    static func sum(_ x: BinaryFloat, _ y: BinaryFloat, precision: Int? = nil) -> BinaryFloat {
        let p = precision ?? Swift.max(x.precision, y.precision)
        if x.isZero && y.isZero { return .zero(negative: x.isNegative && y.isNegative, precision: p) }
        if y.isZero { return x.withPrecision(p) }
        if x.isZero { return y.withPrecision(p) }
        let e = Swift.min(x.exponent, y.exponent)
        let mx = x.mantissa << (x.exponent - e), my = y.mantissa << (y.exponent - e)
        if x.isNegative == y.isNegative {
            return BinaryFloat(negative: x.isNegative, mantissa: mx + my, exponent: e, precision: p).rounded(sticky: false)
        }
        switch BigUInt.compare(mx, my) {
        case 1: return BinaryFloat(negative: x.isNegative, mantissa: mx - my, exponent: e, precision: p).rounded(sticky: false)
        case -1: return BinaryFloat(negative: y.isNegative, mantissa: my - mx, exponent: e, precision: p).rounded(sticky: false)
        default: return .zero(precision: p)   // x - x is +0 when rounding to nearest
        }
    }

    static func difference(_ x: BinaryFloat, _ y: BinaryFloat, precision: Int? = nil) -> BinaryFloat {
        let p = precision ?? Swift.max(x.precision, y.precision)
        // Go: ±0 - ±0 is -0 only for -0 - +0; x - 0 is x; 0 - y is -y.
        if x.isZero && y.isZero { return .zero(negative: x.isNegative && !y.isNegative, precision: p) }
        return sum(x, y.negated, precision: p)
    }

    static func product(_ x: BinaryFloat, _ y: BinaryFloat, precision: Int? = nil) -> BinaryFloat {
        let p = precision ?? Swift.max(x.precision, y.precision)
        let negative = x.isNegative != y.isNegative
        if x.isZero || y.isZero { return .zero(negative: negative, precision: p) }
        return BinaryFloat(negative: negative, mantissa: x.mantissa * y.mantissa,
                           exponent: x.exponent + y.exponent, precision: p).rounded(sticky: false)
    }

    /// `x / y`; the caller rules out a zero divisor.
    static func quotient(_ x: BinaryFloat, _ y: BinaryFloat, precision: Int? = nil) -> BinaryFloat {
        let p = precision ?? Swift.max(x.precision, y.precision)
        let negative = x.isNegative != y.isNegative
        if x.isZero { return .zero(negative: negative, precision: p) }
        // Enough quotient bits for the rounding bit and one more; the remainder is the sticky bit.
        let shift = Swift.max(0, p + 2 + y.mantissa.bitWidth - x.mantissa.bitWidth)
        let (q, r) = (x.mantissa << shift).quotientAndRemainder(dividingBy: y.mantissa)
        return BinaryFloat(negative: negative, mantissa: q, exponent: x.exponent - y.exponent - shift,
                           precision: p).rounded(sticky: !r.isZero)
    }

    var negated: BinaryFloat {
        BinaryFloat(negative: !isNegative, mantissa: mantissa, exponent: exponent, precision: precision)
    }

    var magnitudeValue: BinaryFloat {
        BinaryFloat(negative: false, mantissa: mantissa, exponent: exponent, precision: precision)
    }

    /// Go's Set into a receiver of precision `p`: rounds when `p` is smaller.
    func withPrecision(_ p: Int) -> BinaryFloat {
        BinaryFloat(negative: isNegative, mantissa: mantissa, exponent: exponent, precision: p).rounded(sticky: false)
    }

    // MARK: - Integers

    /// Whether the value is an integer (zero is).
    var isInteger: Bool {
        exponent >= 0 || mantissa.isZero || mantissa.trailingZeroBitCount >= -exponent
    }

    /// The value truncated toward zero (Go's Int), and whether that was exact.
    var truncated: (value: BigInt, isExact: Bool) {
        if exponent >= 0 { return (BigInt(negative: isNegative, magnitude: mantissa << exponent), true) }
        let magnitude = mantissa >> -exponent
        return (BigInt(negative: isNegative, magnitude: magnitude), !mantissa.hasBitsBelow(-exponent))
    }

    /// Exact comparison of values (-0 equals +0): -1, 0 or 1.
    static func compare(_ x: BinaryFloat, _ y: BinaryFloat) -> Int {
        let xs = x.isZero ? 0 : (x.isNegative ? -1 : 1), ys = y.isZero ? 0 : (y.isNegative ? -1 : 1)
        if xs != ys { return xs < ys ? -1 : 1 }
        if xs == 0 { return 0 }
        let e = Swift.min(x.exponent, y.exponent)
        let c = BigUInt.compare(x.mantissa << (x.exponent - e), y.mantissa << (y.exponent - e))
        return xs < 0 ? -c : c
    }
}
