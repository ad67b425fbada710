// Number+FastArithmetic: OPA's float arithmetic on small decimals (`1.75 * 30`,
// `0.1 + 0.2`) without big numbers. OPA rounds each operand to 64 bits, rounds the
// result to 64 bits, and prints the shortest decimal within half an ulp of it. Here
// the 64-bit result is computed in 128-bit integers, and so is the exact decimal
// result D of the operation; when D lies within that half ulp, D is what OPA prints:
// every other decimal of at most 18 digits is more than 10^-18 × |D| away, and the
// interval is 2^-63 × |D| wide, so D is the only candidate of its length or shorter.
// Otherwise (`33.33 * 3` is 99.990000000000000005), and whenever a value would leave
// 128 bits, the general path answers (GoFloat64's shortest text, else BinaryFloat).
// Invariant: a non-nil answer is exactly the general path's (FastArithmeticTests
// holds the two side by side).

extension Number {
    /// OPA's answer for + - * when an operand is a non-integral `.decimal`, and for a
    /// quotient that is a short decimal (`1 / 1000`, `10 / 4`), both operands being
    /// machine-sized; nil to leave it to the general path.
    static func fastDecimal(_ op: ArithmeticOperation, _ a: Number, _ b: Number) throws(NumberError) -> Number? {
        guard op != .remainder, let x = ExactOperand(a), let y = ExactOperand(b),
              op == .divide || !x.isIntegral || !y.isIntegral,
              let rx = GoFloat64(x), let ry = GoFloat64(y) else { return nil }
        // The exact result D = significand / 10^scale, and OPA's 64-bit result r.
        let wide: Int128, r: GoFloat64?
        var scale: Int
        switch op {
        case .times:
            wide = Int128(x.significand) * Int128(y.significand)
            scale = x.scale + y.scale
            r = .product(rx, ry)
        case .divide:
            guard let (q, s) = ExactOperand.decimalQuotient(x, y) else { return nil }
            wide = Int128(q)
            scale = s
            r = .quotient(rx, ry)
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
struct ExactOperand {
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

    /// x / y as significand / 10^scale when it is a decimal of at most 18 fraction
    /// digits (its reduced denominator has no prime factor but 2 and 5); nil otherwise
    /// or beyond 64 bits.
    static func decimalQuotient(_ x: ExactOperand, _ y: ExactOperand) -> (Int64, Int)? {
        // x / y = (x.significand × 10^y.scale) / (y.significand × 10^x.scale)
        let (a, o1) = x.significand.magnitude.multipliedReportingOverflow(by: UInt64(ScaledDecimal.powerOfTen(UInt8(y.scale))))
        let (b, o2) = y.significand.magnitude.multipliedReportingOverflow(by: UInt64(ScaledDecimal.powerOfTen(UInt8(x.scale))))
        guard !o1, !o2 else { return nil }
        let g = gcd(a, b)
        var numerator = a / g, denominator = b / g
        let twos = denominator.trailingZeroBitCount
        denominator >>= UInt64(twos)
        var fives = 0
        while denominator % 5 == 0 { denominator /= 5; fives += 1 }
        let scale = Swift.max(twos, fives)
        guard denominator == 1, scale <= Int(ScaledDecimal.maxScale) else { return nil }
        // numerator / (2^twos × 5^fives) = numerator × 2^(scale - twos) × 5^(scale - fives) / 10^scale
        for _ in 0..<(scale - twos) {
            let (n, o) = numerator.multipliedReportingOverflow(by: 2); guard !o else { return nil }; numerator = n
        }
        for _ in 0..<(scale - fives) {
            let (n, o) = numerator.multipliedReportingOverflow(by: 5); guard !o else { return nil }; numerator = n
        }
        guard numerator <= UInt64(Int64.max) else { return nil }
        let magnitude = Int64(numerator)
        return ((x.significand < 0) != (y.significand < 0) ? -magnitude : magnitude, scale)
    }

    /// Stein's binary greatest common divisor of two nonzero words.
    private static func gcd(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var u = a, v = b
        let shift = (u | v).trailingZeroBitCount
        u >>= UInt64(u.trailingZeroBitCount)
        repeat {
            v >>= UInt64(v.trailingZeroBitCount)
            if u > v { swap(&u, &v) }
            v -= u
        } while v != 0
        return u << UInt64(shift)
    }
}
