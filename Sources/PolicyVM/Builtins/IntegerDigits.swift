// IntegerDigits: integers as format_int and sprintf's %d/%x/%o/%b write them (Go's
// big.Int Text and fmt verbs): a "-" then the magnitude's digits, zero as "0".
// Invariant: the digits are those of the exact integer, never a rounded print.

enum IntegerDigits {
    /// Digits of `value` in base 2, 8, 10 or 16, with a leading "-" if negative.
    static func text(_ value: BigInt, radix: Int, uppercase: Bool = false) -> String {
        (value.isNegative ? "-" : "") + value.magnitude.text(radix: radix, uppercase: uppercase)
    }

    /// The integer a number's text spells in decimal digits, as Go's big.Int
    /// SetString(text, 10) reads it (`+` or `-`, digits, nothing else); nil otherwise.
    static func plainInteger(_ n: Number) -> BigInt? {
        if case .int(let i) = n { return BigInt(i) }
        guard case .text(let t) = n else { return nil }
        var bytes = Array(t.text.utf8)[...]
        var negative = false
        if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
            negative = sign == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        guard let magnitude = BigUInt(decimalDigits: bytes) else { return nil }
        return BigInt(negative: negative, magnitude: magnitude)
    }
}
