// IntegerDigits: exact digits of an integral number in base 2, 8, 10 or 16, for
// integers beyond Int64 that only a Double holds (format_int, sprintf's %d/%x).
// Invariant: the digits are those of the exact binary value, never a rounded print.

enum IntegerDigits {
    /// Digits of `value` truncated toward zero, in `base`, with a leading "-" if negative.
    /// Returns nil for NaN and infinities.
    static func text(_ value: Number, base: Int, uppercase: Bool = false) -> String? {
        switch value {
        case .int(let i):
            return String(i, radix: base, uppercase: uppercase)
        case .double(let d):
            guard d.isFinite else { return nil }
            let t = d.rounded(.towardZero)
            if abs(t) < 9.0e18 { return String(Int64(t), radix: base, uppercase: uppercase) }
            return (t < 0 ? "-" : "") + bigText(abs(t), base: base, uppercase: uppercase)
        }
    }

    /// `magnitude` is integral, finite and at least 2^63: significand × 2^exponent.
    private static func bigText(_ magnitude: Double, base: Int, uppercase: Bool) -> String {
        let exponent = Int(magnitude.exponent) - 52
        var limbs: [UInt32] = []   // little-endian base 2^32
        var significand = (magnitude.significandBitPattern | (1 << 52))
        while significand > 0 { limbs.append(UInt32(truncatingIfNeeded: significand)); significand >>= 32 }
        shiftLeft(&limbs, by: max(0, exponent))
        let symbols = Array((uppercase ? "0123456789ABCDEF" : "0123456789abcdef").utf8)
        var digits: [UInt8] = []
        while !(limbs.isEmpty) {
            var remainder: UInt64 = 0
            for i in stride(from: limbs.count - 1, through: 0, by: -1) {
                let current = (remainder << 32) | UInt64(limbs[i])
                limbs[i] = UInt32(current / UInt64(base))
                remainder = current % UInt64(base)
            }
            digits.append(symbols[Int(remainder)])
            while let last = limbs.last, last == 0 { limbs.removeLast() }
        }
        return String(decoding: digits.reversed(), as: UTF8.self)
    }

    private static func shiftLeft(_ limbs: inout [UInt32], by bits: Int) {
        let whole = bits / 32, part = bits % 32
        if part > 0 {
            var carry: UInt32 = 0
            for i in limbs.indices {
                let v = limbs[i]
                limbs[i] = (v << UInt32(part)) | carry
                carry = v >> UInt32(32 - part)
            }
            if carry != 0 { limbs.append(carry) }
        }
        limbs.insert(contentsOf: repeatElement(0, count: whole), at: 0)
    }
}
