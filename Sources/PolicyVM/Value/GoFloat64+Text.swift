// GoFloat64+Text: the number OPA makes of a 64-bit float result (FloatToNumber: Go's
// shortest %g, or %f for an integer), in machine words. Go converts the value and its
// two half-ulp bounds to exact decimals and walks their digits side by side until the
// value's digits may stop (DecimalDigits.roundShortest). Here the digits of all three
// are produced one at a time from fixed-point fractions, as far as the walk reads
// them (about twenty), with Go's rules and quirks unchanged. Invariant: the same
// number as BinaryFloat.numberText (GoFloat64Tests compares them); nil, and the
// caller goes the BinaryFloat way, for values of 2^63 and more or below about 2^-60.

extension GoFloat64 {
    /// The value's shortest text as a Number, or nil out of this path's range.
    var number: Number? {
        // The value is m × 2^e; its bounds (2m ∓ 1) × 2^(e-1), as Go's roundShortest has them.
        let shift = -exponent
        guard shift >= 1, shift <= 123 else { return nil }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 3 * DigitStream.integerCapacity + Self.maxDigits) {
            buffer -> Number? in
            let base = buffer.baseAddress!
            var d = DigitStream(UInt128(mantissa), shift: shift, scratch: base)
            var lower = DigitStream(UInt128(mantissa) << 1 - 1, shift: shift + 1, scratch: base + DigitStream.integerCapacity)
            var upper = DigitStream(UInt128(mantissa) << 1 + 1, shift: shift + 1, scratch: base + 2 * DigitStream.integerCapacity)
            var digits = ShortDigits(base + 3 * DigitStream.integerCapacity, point: d.point)
            guard digits.walk(&d, &lower, &upper, inclusive: mantissa & 1 == 0) else { return nil }
            return digits.number(negative: isNegative, fixed: isInteger, double: nearbyDouble)
        }
    }

    /// The double nearest to the value's shortest text, known without parsing it: the
    /// text lies within half a 64-bit ulp of the value, so both round to the same 53
    /// bits unless the 11 bits dropped sit within one unit of halfway.
    var nearbyDouble: Double? {
        let tail = mantissa & 0x7FF
        guard tail < 0x3FF || tail > 0x401 else { return nil }
        var m = mantissa >> 11, e = exponent + 11
        if tail > 0x400 {
            m += 1
            if m == 1 << 53 { m >>= 1; e += 1 }
        }
        return Double(sign: isNegative ? .minus : .plus, exponent: e, significand: Double(m))
    }

    /// Digits the walk may read before giving up (it decides by about the twentieth).
    static let maxDigits = 40

    /// Whether the value is an integer (OPA prints those with %f).
    var isInteger: Bool {
        exponent >= 0 || (exponent > -64 && mantissa & ((1 << UInt64(-exponent)) - 1) == 0)
    }
}

/// The decimal digits of m × 2^-shift (m < 2^66, shift in 1…124) from the most
/// significant on, as Go's big.decimal holds them: no leading zeros, and after the
/// last nonzero digit nothing (reading on gives '0').
struct DigitStream {
    /// Integer parts below 2^64 have at most 20 digits.
    static let integerCapacity = 20

    /// The integer part's digits (most significant first), then the fraction's.
    private let integer: UnsafeMutablePointer<UInt8>
    private var integerCount = 0, integerIndex = 0
    private var fraction: UInt128
    private let shift: Int
    private let mask: UInt128
    /// The decimal point's position: the value is 0.digits × 10^point.
    private(set) var point = 0

    init(_ m: UInt128, shift: Int, scratch: UnsafeMutablePointer<UInt8>) {
        integer = scratch
        self.shift = shift
        mask = (1 << UInt128(shift)) - 1
        fraction = m & mask
        var whole = UInt64(truncatingIfNeeded: m >> UInt128(shift))   // < 2^63 in range
        var reversed = 0
        while whole > 0 {
            scratch[Self.integerCapacity - 1 - reversed] = UInt8(truncatingIfNeeded: whole % 10) &+ 0x30
            whole /= 10
            reversed += 1
        }
        for i in 0..<reversed { scratch[i] = scratch[Self.integerCapacity - reversed + i] }
        integerCount = reversed
        point = reversed
        if reversed == 0 {
            // No integer part: leading zeros of the fraction move the point instead.
            while fraction != 0 && (fraction * 10) >> UInt128(shift) == 0 {
                fraction = fraction * 10
                point -= 1
            }
        }
    }

    /// Whether a nonzero digit remains to be read.
    var hasMore: Bool {
        if fraction != 0 { return true }
        var i = integerIndex
        while i < integerCount { if integer[i] != UInt8(ascii: "0") { return true }; i += 1 }
        return false
    }

    /// The next digit ('0' past the end).
    mutating func next() -> UInt8 {
        if integerIndex < integerCount {
            integerIndex += 1
            return integer[integerIndex - 1]
        }
        fraction = fraction * 10
        let digit = UInt8(truncatingIfNeeded: fraction >> UInt128(shift))
        fraction &= mask
        return digit &+ 0x30
    }
}

/// The value's digits as the walk keeps them (Go's decimal after roundShortest).
struct ShortDigits {
    let digits: UnsafeMutablePointer<UInt8>
    var count = 0
    var point: Int

    init(_ digits: UnsafeMutablePointer<UInt8>, point: Int) {
        self.digits = digits
        self.point = point
    }

    /// Go's roundShortest on streams of the value and its bounds; false if it would
    /// read more than GoFloat64.maxDigits digits.
    mutating func walk(_ d: inout DigitStream, _ lower: inout DigitStream, _ upper: inout DigitStream, inclusive: Bool) -> Bool {
        var i = 0
        while d.hasMore {
            guard i < GoFloat64.maxDigits else { return false }
            let m = d.next(), l = lower.next(), u = upper.next()
            digits[i] = m
            count = i + 1
            // Go compares each bound's digit i, whatever its decimal point, and asks
            // whether it is that bound's last digit (lower) or is followed by more (upper).
            let lowerEndsHere = l != UInt8(ascii: "0") && !lower.hasMore
            let okDown = l != m || (inclusive && lowerEndsHere)
            let okUp = m != u && (inclusive || m + 1 < u || upper.hasMore)
            if okDown || okUp {
                // Rounding at i + 1 changes nothing when no nonzero digit follows.
                guard d.hasMore else { return true }
                if okDown && okUp {
                    let next = d.next()
                    let halfway = next == UInt8(ascii: "5") && !d.hasMore
                    let up = halfway ? (m - UInt8(ascii: "0")) & 1 != 0 : next >= UInt8(ascii: "5")
                    if up { roundUp() } else { trim() }
                } else if okDown {
                    trim()
                } else {
                    roundUp()
                }
                return true
            }
            i += 1
        }
        return true
    }

    /// Go's roundUp at `count`: carry into the digits kept, 9s becoming a new 1.
    private mutating func roundUp() {
        var k = count
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

    /// Go's roundDown at `count`: drop what follows and trailing zeros.
    private mutating func trim() {
        while count > 0 && digits[count - 1] == UInt8(ascii: "0") { count -= 1 }
        if count == 0 { point = 0 }
    }

    /// The number Go's %f (`fixed`) or shortest %g text denotes, built directly when
    /// it is a machine word or a plain decimal, else from the text.
    func number(negative: Bool, fixed: Bool, double: Double?) -> Number {
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
        return .text(NumberText(text: String(decoding: out, as: UTF8.self), syntax: syntax, double: double))
    }
}
