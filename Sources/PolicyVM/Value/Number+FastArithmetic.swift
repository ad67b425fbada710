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
}
