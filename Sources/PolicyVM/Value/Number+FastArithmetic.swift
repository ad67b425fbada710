// Number+FastArithmetic: OPA's float arithmetic on small decimals (`1.75 * 30`,
// `0.1 + 0.2`) without big numbers. OPA rounds each operand to 64 bits, rounds the
// result to 64 bits, and prints the shortest decimal within half an ulp of it. Here
// the 64-bit result is computed in 128-bit integers, and so is the exact decimal
// result D of the operation; when D lies within that half ulp, D is what OPA prints:
// every other decimal of at most 18 digits is more than 10^-18 × |D| away, and the
// interval is 2^-63 × |D| wide, so D is the only candidate of its length or shorter.
// Otherwise (`33.33 * 3` is 99.990000000000000005), and whenever a value would leave
// 128 bits, the general path (BinaryFloat) answers. Invariant: a non-nil answer is
// exactly the general path's (FastArithmeticTests holds the two side by side).

extension Number {
    /// OPA's answer for + - * when an operand is a non-integral `.decimal` and both are
    /// machine-sized; nil to leave it to the general path.
    static func fastDecimal(_ op: ArithmeticOperation, _ a: Number, _ b: Number) throws(NumberError) -> Number? {
        guard op == .plus || op == .minus || op == .times,
              let x = ExactOperand(a), let y = ExactOperand(b), !x.isIntegral || !y.isIntegral,
              let rx = GoFloat64(x), let ry = GoFloat64(y) else { return nil }
        // The exact result D = significand / 10^scale, and OPA's 64-bit result r.
        let wide: Int128, r: GoFloat64?
        var scale: Int
        switch op {
        case .times:
            wide = Int128(x.significand) * Int128(y.significand)
            scale = x.scale + y.scale
            r = .product(rx, ry)
        default:
            scale = Swift.max(x.scale, y.scale)
            let sx = Int128(x.significand) * Int128(ScaledDecimal.powerOfTen(UInt8(scale - x.scale)))
            let sy = Int128(y.significand) * Int128(ScaledDecimal.powerOfTen(UInt8(scale - y.scale)))
            wide = op == .plus ? sx + sy : sx - sy
            r = .sum(rx, op == .plus ? ry : ry.negated)
        }
        // A zero result has a sign to work out; D must fit a machine word.
        guard let r, wide != 0, var significand = Int64(exactly: wide), significand != Int64.min else { return nil }
        while scale > 0 && significand % 10 == 0 { significand /= 10; scale -= 1 }
        let magnitude = significand.magnitude
        guard scale <= Int(ScaledDecimal.maxScale), r.isNegative == (significand < 0),
              r.contains(magnitude, scale: scale) else { return nil }
        if scale == 0 {
            // An integer D is printed as an integer when r is exactly D (OPA's %f);
            // otherwise r is not an integer and %g applies, plain only below 10^6.
            if r.equals(magnitude) || magnitude < 1_000_000 { return .int(significand) }
            return nil
        }
        // %g prints plainly from 10^-4 up to 10^6 (a leading digit at exponent -4…5).
        var digits = 1, bound: UInt64 = 10
        while digits < 19 && magnitude >= bound { digits += 1; bound &*= 10 }
        let leadingExponent = digits - scale - 1
        guard leadingExponent >= -4, leadingExponent < 6, magnitude < ScaledDecimal.significandLimit else { return nil }
        return .decimal(ScaledDecimal(significand: significand, scale: UInt8(scale)))
    }
}

/// A machine-sized operand: significand / 10^scale.
private struct ExactOperand {
    let significand: Int64
    let scale: Int

    init?(_ n: Number) {
        switch n {
        case .int(let i): significand = i; scale = 0
        case .decimal(let d): significand = d.significand; scale = Int(d.scale)
        case .text: return nil
        }
        guard significand != 0, significand != Int64.min else { return nil }
    }

    var isIntegral: Bool { scale == 0 || significand % ScaledDecimal.powerOfTen(UInt8(scale)) == 0 }
}

/// A nonzero Go big.Float of precision 64: ±mantissa × 2^exponent, mantissa in [2^63, 2^64).
private struct GoFloat64 {
    let isNegative: Bool
    let mantissa: UInt64
    let exponent: Int

    /// Go's SetString of the operand's text: scales up to 27 divide by an exact 5^scale,
    /// so the result is the operand correctly rounded to 64 bits.
    init?(_ x: ExactOperand) {
        let n = x.significand.magnitude
        if x.scale == 0 {
            self.init(rounding: UInt128(n), exponent: 0, sticky: false, negative: x.significand < 0)!
            return
        }
        // (n × 2^k) / 5^scale with n × 2^k filling 127 bits: 85+ quotient bits, taken as
        // two 64-bit long divisions (5^18 < 2^42 fits one word).
        var five: UInt64 = 1
        for _ in 0..<x.scale { five &*= 5 }
        let k = n.leadingZeroBitCount + 63
        let high = n << UInt64(k - 64)
        let (q1, r1) = high.quotientAndRemainder(dividingBy: five)
        let (q0, r0) = five.dividingFullWidth((r1, 0))
        self.init(rounding: UInt128(q1) << 64 | UInt128(q0), exponent: -x.scale - k, sticky: r0 != 0,
                  negative: x.significand < 0)
    }

    private init(negative: Bool, mantissa: UInt64, exponent: Int) {
        self.isNegative = negative
        self.mantissa = mantissa
        self.exponent = exponent
    }

    /// value × 2^exponent rounded to 64 bits, ties to even; `sticky` says nonzero bits
    /// were already cut off below `value`. Nil for zero.
    init?(rounding value: UInt128, exponent: Int, sticky: Bool, negative: Bool) {
        guard value != 0 else { return nil }
        let width = 128 - value.leadingZeroBitCount
        if width <= 64 {
            self.init(negative: negative, mantissa: UInt64(value) << (64 - width), exponent: exponent - (64 - width))
            return
        }
        let drop = width - 64
        var m = UInt64(truncatingIfNeeded: value >> drop)
        var e = exponent + drop
        let roundBit = (value >> (drop - 1)) & 1 == 1
        let below = drop > 1 && value & ((1 << UInt128(drop - 1)) - 1) != 0
        if roundBit && (below || sticky || m & 1 == 1) {
            m &+= 1
            if m == 0 { m = 1 << 63; e += 1 }
        }
        self.init(negative: negative, mantissa: m, exponent: e)
    }

    var negated: GoFloat64 { GoFloat64(negative: !isNegative, mantissa: mantissa, exponent: exponent) }

    static func product(_ a: GoFloat64, _ b: GoFloat64) -> GoFloat64? {
        let (high, low) = a.mantissa.multipliedFullWidth(by: b.mantissa)
        return GoFloat64(rounding: UInt128(high) << 64 | UInt128(low), exponent: a.exponent + b.exponent,
                         sticky: false, negative: a.isNegative != b.isNegative)
    }

    /// Nil when the exponents are too far apart for 128 bits, or the sum is zero.
    static func sum(_ a: GoFloat64, _ b: GoFloat64) -> GoFloat64? {
        let (big, small) = a.exponent >= b.exponent ? (a, b) : (b, a)
        let d = big.exponent - small.exponent
        guard d <= 63 else { return nil }
        let x = UInt128(big.mantissa) << d, y = UInt128(small.mantissa)
        if big.isNegative == small.isNegative {
            return GoFloat64(rounding: x + y, exponent: small.exponent, sticky: false, negative: big.isNegative)
        }
        if x == y { return nil }
        return x > y
            ? GoFloat64(rounding: x - y, exponent: small.exponent, sticky: false, negative: big.isNegative)
            : GoFloat64(rounding: y - x, exponent: small.exponent, sticky: false, negative: small.isNegative)
    }

    /// Whether |D| = magnitude / 10^scale lies within half an ulp of this value (ends
    /// included when the mantissa is even), as Go's shortest formatting bounds it.
    func contains(_ magnitude: UInt64, scale: Int) -> Bool {
        // Compare magnitude × 2^(1 - exponent) with (2 × mantissa ± 1) × 10^scale.
        let shift = 1 - exponent
        guard shift >= 0, shift < 128 else { return false }
        let d = UInt128(magnitude)
        guard d.leadingZeroBitCount > shift else { return false }
        let left = d << shift
        let unit = UInt128(ScaledDecimal.powerOfTen(UInt8(scale)))
        let (lower, o1) = (UInt128(mantissa) * 2 - 1).multipliedReportingOverflow(by: unit)
        let (upper, o2) = (UInt128(mantissa) * 2 + 1).multipliedReportingOverflow(by: unit)
        guard !o1, !o2 else { return false }
        let inclusive = mantissa & 1 == 0
        return inclusive ? (lower <= left && left <= upper) : (lower < left && left < upper)
    }

    /// Whether this value is exactly the integer `magnitude` (sign checked by the caller).
    func equals(_ magnitude: UInt64) -> Bool {
        if exponent >= 0 { return false }   // ≥ 2^63: beyond any Int64 magnitude here
        let shift = -exponent
        guard shift < 64 else { return false }
        return mantissa & ((1 << UInt64(shift)) - 1) == 0 && mantissa >> UInt64(shift) == magnitude
    }
}
