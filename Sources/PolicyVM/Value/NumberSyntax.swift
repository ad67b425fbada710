// NumberSyntax: what a number's text says, read the way Go reads it — the JSON and
// Rego spelling (`-12.50e3`), and the wider spelling strconv.ParseFloat takes from
// to_number (`+5`, `.5`, `5.`, `007`, `0x1.8p3`). The mantissa digits are kept as
// written (trailing zeros too), because Go's big.Float rounds differently for
// `1.5` and `1.500…0` when the exponent is large. Invariant: `digits` has no leading
// zero and is empty for zero; the value is ±digits × 10^exponent (hex: ± hexMantissa
// × 2^exponent).

struct NumberSyntax: Sendable, Hashable {
    var isNegative: Bool
    /// ASCII decimal digits of the mantissa, no leading zeros (empty for zero).
    var digits: [UInt8]
    /// Power of ten applied to `digits`, or of two for a hex mantissa.
    var exponent: Int
    /// The mantissa of a hex spelling (`0x1.8p3`), whose exponent is binary.
    var hexMantissa: BigUInt?

    /// An exponent beyond this is clamped (the number is then far outside what
    /// arithmetic accepts, `Number.maxMagnitudeDigits`, but still compares and prints).
    static let exponentClamp = 1 << 40

    /// Parses Go's float syntax with underscores already removed; nil if malformed.
    init?<Text: Collection>(_ text: Text) where Text.Element == UInt8, Text.Index == Int {
        var i = text.startIndex
        let end = text.endIndex
        isNegative = false
        if i < end, text[i] == UInt8(ascii: "+") || text[i] == UInt8(ascii: "-") {
            isNegative = text[i] == UInt8(ascii: "-"); i += 1
        }
        if i + 1 < end, text[i] == UInt8(ascii: "0"), text[i + 1] | 0x20 == UInt8(ascii: "x") {
            guard let hex = NumberSyntax.hex(text, from: i + 2) else { return nil }
            // A hex number's value lives in `hexMantissa` × 2^exponent; `digits` stays empty.
            (hexMantissa, exponent) = hex
            digits = []
            return
        }
        hexMantissa = nil
        var mantissa: [UInt8] = []
        var fractionDigits = 0, sawDot = false, sawDigit = false
        while i < end {
            let b = text[i]
            if b >= 0x30 && b <= 0x39 {
                sawDigit = true
                if !(mantissa.isEmpty && b == 0x30) { mantissa.append(b) }
                if sawDot { fractionDigits += 1 }
            } else if b == UInt8(ascii: "."), !sawDot {
                sawDot = true
            } else { break }
            i += 1
        }
        guard sawDigit else { return nil }
        var exp = 0
        if i < end, text[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            var negativeExp = false
            if i < end, text[i] == UInt8(ascii: "+") || text[i] == UInt8(ascii: "-") {
                negativeExp = text[i] == UInt8(ascii: "-"); i += 1
            }
            var sawExpDigit = false
            while i < end, text[i] >= 0x30 && text[i] <= 0x39 {
                exp = Swift.min(exp * 10 + Int(text[i] - 0x30), NumberSyntax.exponentClamp)
                sawExpDigit = true
                i += 1
            }
            guard sawExpDigit else { return nil }
            if negativeExp { exp = -exp }
        }
        guard i == end else { return nil }
        digits = mantissa
        exponent = exp - fractionDigits
    }

    init(negative: Bool, digits: [UInt8], exponent: Int) {
        self.isNegative = negative
        self.digits = digits
        self.exponent = exponent
        self.hexMantissa = nil
    }

    /// `0x` mantissa (digits, optional point) and its required `p` exponent.
    private static func hex<Text: Collection>(_ text: Text, from start: Int) -> (mantissa: BigUInt, exponent: Int)?
    where Text.Element == UInt8, Text.Index == Int {
        var i = start
        var mantissa = BigUInt.zero
        var fractionDigits = 0, sawDot = false, sawDigit = false
        while i < text.endIndex {
            let b = text[i]
            let value: UInt64
            switch b {
            case 0x30...0x39: value = UInt64(b - 0x30)
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = UInt64(b) - 0x61 + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): value = UInt64(b) - 0x41 + 10
            case UInt8(ascii: "."):
                guard !sawDot else { return nil }
                sawDot = true; i += 1; continue
            default: value = 16
            }
            if value == 16 { break }
            mantissa = mantissa.multiplied(by: 16, adding: value)
            sawDigit = true
            if sawDot { fractionDigits += 1 }
            i += 1
        }
        guard sawDigit, i < text.endIndex, text[i] | 0x20 == UInt8(ascii: "p") else { return nil }
        i += 1
        var negative = false
        if i < text.endIndex, text[i] == UInt8(ascii: "+") || text[i] == UInt8(ascii: "-") {
            negative = text[i] == UInt8(ascii: "-"); i += 1
        }
        var exp = 0, sawExpDigit = false
        while i < text.endIndex, text[i] >= 0x30 && text[i] <= 0x39 {
            exp = Swift.min(exp * 10 + Int(text[i] - 0x30), exponentClamp)
            sawExpDigit = true; i += 1
        }
        guard sawExpDigit, i == text.endIndex else { return nil }
        return (mantissa, (negative ? -exp : exp) - 4 * fractionDigits)
    }

    var isZero: Bool { hexMantissa?.isZero ?? digits.isEmpty }
    var isHex: Bool { hexMantissa != nil }

    /// The mantissa as an integer (the hex mantissa, or the decimal digits).
    var coefficient: BigUInt { hexMantissa ?? BigUInt(decimalDigits: digits) ?? .zero }

    /// The exact value as a normalized decimal: digits without trailing zeros (empty
    /// for zero) and the power of ten of the last digit.
    var exactDecimal: (isNegative: Bool, digits: ArraySlice<UInt8>, exponent: Int) {
        if let hex = hexMantissa {
            var d = DecimalDigits(mantissa: hex, exponent: exponent)
            if d.digits.isEmpty { return (isNegative, [], 0) }
            let e = d.point - d.digits.count
            d.point = 0
            return (isNegative, d.digits[...], e)
        }
        var end = digits.count
        while end > 0 && digits[end - 1] == UInt8(ascii: "0") { end -= 1 }
        return (isNegative, digits[0..<end], exponent + (digits.count - end))
    }

    /// Decimal digits before the point plus the exponent past them: the order of
    /// magnitude, used to refuse arithmetic on numbers too large to compute with.
    var magnitudeDigits: Int {
        if let hex = hexMantissa { return (hex.bitWidth + Swift.max(exponent, -exponent)) * 3 / 10 + 1 }
        return digits.count + Swift.max(exponent, -exponent)
    }
}
