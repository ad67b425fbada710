// GoFloat64+Text: the number OPA makes of a 64-bit float result (FloatToNumber: Go's
// shortest %g, or %f for an integer), computed in fixed-width words on the stack: the
// exact decimals of the value and of its half-ulp bounds (at most 256 bits each), then
// Go's digit walk (DecimalDigits.roundShortest, quirks included). Invariant: the
// same text as BinaryFloat.numberText (GoFloat64TextTests compares them); nil, and the
// caller goes the BinaryFloat way, when a decimal would need more than 256 bits.

extension GoFloat64 {
    /// The value's shortest text as a Number, or nil when it is out of this path's range
    /// (below about 1e-5 or above about 1e57).
    var number: Number? {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 3 * WordDecimal.capacity) { buffer -> Number? in
            let base = buffer.baseAddress!
            // The value m × 2^e and its bounds (2m ∓ 1) × 2^(e-1), as Go's roundShortest takes them.
            guard var d = WordDecimal(UInt128(mantissa), exponent: exponent, into: base),
                  let lower = WordDecimal(UInt128(mantissa) << 1 - 1, exponent: exponent - 1, into: base + WordDecimal.capacity),
                  let upper = WordDecimal(UInt128(mantissa) << 1 + 1, exponent: exponent - 1, into: base + 2 * WordDecimal.capacity)
            else { return nil }
            d.roundShortest(lower: lower, upper: upper, inclusive: mantissa & 1 == 0)
            return d.number(negative: isNegative, fixed: isInteger)
        }
    }

    /// Whether the value is an integer (OPA prints those with %f).
    var isInteger: Bool {
        exponent >= 0 || (exponent > -64 && mantissa & ((1 << UInt64(-exponent)) - 1) == 0)
    }
}

/// The exact decimal of a value of at most 256 bits, as Go's big.decimal: `count` ASCII
/// digits at `digits` without leading or trailing zeros, the value 0.digits × 10^point.
struct WordDecimal {
    /// 2^256 has 78 decimal digits.
    static let capacity = 80

    let digits: UnsafeMutablePointer<UInt8>
    var count: Int
    var point: Int

    /// m × 2^e written into `digits`; nil beyond 256 bits.
    init?(_ mantissa: UInt128, exponent: Int, into digits: UnsafeMutablePointer<UInt8>) {
        self.digits = digits
        var m = mantissa, e = exponent
        if e < 0 {
            let drop = Swift.min(m.trailingZeroBitCount, -e)
            m >>= drop
            e += drop
        }
        var wide = SIMD4<UInt64>(UInt64(truncatingIfNeeded: m), UInt64(truncatingIfNeeded: m >> 64), 0, 0)
        if e > 0 {
            guard WordDecimal.shiftLeft(&wide, by: e) else { return nil }
        } else {
            // m × 2^-k = m × 5^k / 10^k.
            var k = -e
            while k > 0 {
                let step = Swift.min(k, 27)
                guard WordDecimal.multiply(&wide, by: WordDecimal.powerOfFive(step)) else { return nil }
                k -= step
            }
        }
        count = WordDecimal.writeDigits(wide, into: digits)
        point = count + Swift.min(e, 0)
        while count > 0 && digits[count - 1] == UInt8(ascii: "0") { count -= 1 }
        if count == 0 { point = 0 }
    }

    static func powerOfFive(_ n: Int) -> UInt64 {
        var p: UInt64 = 1
        for _ in 0..<n { p &*= 5 }
        return p
    }

    /// wide × factor in place; false on overflow past 256 bits.
    static func multiply(_ wide: inout SIMD4<UInt64>, by factor: UInt64) -> Bool {
        var carry: UInt64 = 0
        for i in 0..<4 {
            let (high, low) = wide[i].multipliedFullWidth(by: factor)
            let (sum, overflow) = low.addingReportingOverflow(carry)
            wide[i] = sum
            carry = high &+ (overflow ? 1 : 0)
        }
        return carry == 0
    }

    /// wide << n in place; false on overflow past 256 bits.
    static func shiftLeft(_ wide: inout SIMD4<UInt64>, by n: Int) -> Bool {
        guard n < 256 else { return wide == .zero }
        let words = n / 64, bits = UInt64(n % 64)
        var out = SIMD4<UInt64>.zero
        for i in 0..<4 where wide[i] != 0 {
            let target = i + words
            guard target < 4 else { return false }
            out[target] |= wide[i] << bits
            if bits > 0 {
                let spill = wide[i] >> (64 - bits)
                if spill != 0 {
                    guard target + 1 < 4 else { return false }
                    out[target + 1] |= spill
                }
            }
        }
        wide = out
        return true
    }

    /// Writes the decimal digits of `wide` (no leading zeros; "" for zero); returns their
    /// count. Digits are produced 19 at a time from the right end of the buffer, then
    /// moved to its start.
    static func writeDigits(_ value: SIMD4<UInt64>, into digits: UnsafeMutablePointer<UInt8>) -> Int {
        var w0 = value[0], w1 = value[1], w2 = value[2], w3 = value[3]
        let ten19: UInt64 = 10_000_000_000_000_000_000
        var end = capacity   // digits occupy end..<capacity
        while w3 | w2 | w1 != 0 {
            var r: UInt64
            (w3, r) = w3.quotientAndRemainder(dividingBy: ten19)
            (w2, r) = ten19.dividingFullWidth((r, w2))
            (w1, r) = ten19.dividingFullWidth((r, w1))
            (w0, r) = ten19.dividingFullWidth((r, w0))
            for _ in 0..<19 {
                end -= 1
                digits[end] = UInt8(truncatingIfNeeded: r % 10) &+ 0x30
                r /= 10
            }
        }
        while w0 != 0 {
            end -= 1
            digits[end] = UInt8(truncatingIfNeeded: w0 % 10) &+ 0x30
            w0 /= 10
        }
        // Chunks below the top one were written with their leading zeros; skip any at the front.
        while end < capacity && digits[end] == UInt8(ascii: "0") { end += 1 }
        let count = capacity - end
        // Forward copy: the destination starts before the source.
        for i in 0..<count { digits[i] = digits[end + i] }
        return count
    }

    /// The digit at `i`, '0' outside the digits.
    func at(_ i: Int) -> UInt8 { i >= 0 && i < count ? digits[i] : UInt8(ascii: "0") }

    // MARK: - Go's decimal rounding (DecimalDigits does the same on arrays)

    mutating func round(_ n: Int) {
        guard n >= 0, n < count else { return }
        let halfway = digits[n] == UInt8(ascii: "5") && n + 1 == count
        let up = halfway ? (n > 0 && (digits[n - 1] - UInt8(ascii: "0")) & 1 != 0) : digits[n] >= UInt8(ascii: "5")
        if up { roundUp(n) } else { roundDown(n) }
    }

    mutating func roundUp(_ n: Int) {
        guard n >= 0, n < count else { return }
        var k = n
        while k > 0 && digits[k - 1] >= UInt8(ascii: "9") { k -= 1 }
        if k == 0 {
            digits[0] = UInt8(ascii: "1")
            count = 1
            point += 1
            return
        }
        digits[k - 1] += 1
        count = k
    }

    mutating func roundDown(_ n: Int) {
        guard n >= 0, n < count else { return }
        count = n
        while count > 0 && digits[count - 1] == UInt8(ascii: "0") { count -= 1 }
        if count == 0 { point = 0 }
    }

    /// Go's roundShortest given the decimals of the half-ulp bounds.
    mutating func roundShortest(lower: WordDecimal, upper: WordDecimal, inclusive: Bool) {
        for i in 0..<count {
            let d = digits[i], l = lower.at(i), u = upper.at(i)
            let okDown = l != d || (inclusive && i + 1 == lower.count)
            let okUp = d != u && (inclusive || d + 1 < u || i + 1 < upper.count)
            if okDown && okUp { round(i + 1); return }
            if okDown { roundDown(i + 1); return }
            if okUp { roundUp(i + 1); return }
        }
    }

    // MARK: - The Number

    /// The number Go's %f (`fixed`) or shortest %g text denotes, built directly when
    /// it is a machine word or a plain decimal, else from the text.
    func number(negative: Bool, fixed: Bool) -> Number {
        let exp = point - 1
        let plain = fixed || (exp >= -4 && exp < 6)
        let fraction = Swift.max(count - point, 0)
        if plain, count <= 18, point <= 18, fraction <= Int(ScaledDecimal.maxScale) {
            var significand: Int64 = 0
            for i in 0..<count { significand = significand * 10 + Int64(digits[i] - 0x30) }
            for _ in count..<Swift.max(count, point) { significand *= 10 }
            if negative { significand = -significand }
            if fraction == 0 { return .int(significand) }
            if significand.magnitude < ScaledDecimal.significandLimit {
                return .decimal(ScaledDecimal(significand: significand, scale: UInt8(fraction)))
            }
        }
        var out: [UInt8] = negative ? [UInt8(ascii: "-")] : []
        let digitArray = Array(UnsafeBufferPointer(start: digits, count: count))
        let d = DecimalDigits(digits: digitArray, point: point)
        if plain { d.appendFixed(to: &out, fractionDigits: fraction) } else { d.appendExponent(to: &out, fractionDigits: count - 1) }
        // Not a machine word or plain decimal: kept as its text, whose digits are known.
        let syntax = NumberSyntax(negative: negative, digits: digitArray, exponent: point - count)
        return .text(NumberText(text: String(decoding: out, as: UTF8.self), syntax: syntax))
    }
}
