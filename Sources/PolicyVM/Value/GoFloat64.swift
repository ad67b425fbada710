// GoFloat64: a nonzero Go big.Float of precision 64 held in machine words — what
// OPA's float arithmetic computes on machine-sized operands. Rounding is Go's (to
// nearest, ties to even, once per operation); the text is Go's shortest %g/%f
// (GoFloat64+Text.swift). Invariant: the mantissa has exactly 64 bits (its top bit
// set), so the value is ±mantissa × 2^exponent with a 64-bit ulp of 2^exponent.

/// A nonzero Go big.Float of precision 64: ±mantissa × 2^exponent, mantissa in [2^63, 2^64).
struct GoFloat64 {
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

    /// a / b: 64 or 65 quotient bits from one long division, two more from the
    /// remainder, and what is left over as the sticky bit.
    static func quotient(_ a: GoFloat64, _ b: GoFloat64) -> GoFloat64? {
        let d = b.mantissa
        // (a × 2^64) / d: both mantissas have their top bit set, so a - d < d when a ≥ d.
        let top: UInt128 = a.mantissa >= d ? 1 << 64 : 0
        let (low, r) = d.dividingFullWidth((a.mantissa >= d ? a.mantissa - d : a.mantissa, 0))
        let (extra, rest) = d.dividingFullWidth((r >> 62, r << 2))
        let q = (top | UInt128(low)) << 2 | UInt128(extra)
        return GoFloat64(rounding: q, exponent: a.exponent - b.exponent - 66, sticky: rest != 0,
                         negative: a.isNegative != b.isNegative)
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
