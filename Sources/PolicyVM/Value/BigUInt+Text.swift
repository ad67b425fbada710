// BigUInt+Text: digits in and out — decimal digits parsed 19 at a time, and the
// value written in base 2, 8, 10 or 16. Invariant: text and value round-trip
// exactly; zero is written "0".

extension BigUInt {
    /// The value of ASCII decimal digits (leading zeros allowed); nil if any byte
    /// is not a digit or there are none.
    init?<Digits: Collection>(decimalDigits digits: Digits) where Digits.Element == UInt8 {
        guard !digits.isEmpty else { return nil }
        var value = BigUInt.zero
        var chunk: UInt64 = 0, chunkLength = 0
        for b in digits {
            guard b >= 0x30 && b <= 0x39 else { return nil }
            chunk = chunk * 10 + UInt64(b - 0x30)
            chunkLength += 1
            if chunkLength == 19 {
                value = value.multiplied(by: BigUInt.powersOfTen[19], adding: chunk)
                chunk = 0; chunkLength = 0
            }
        }
        if chunkLength > 0 { value = value.multiplied(by: BigUInt.powersOfTen[chunkLength], adding: chunk) }
        self = value
    }

    /// The decimal digits, most significant first ("0" for zero).
    var decimalDigits: [UInt8] {
        guard !isZero else { return [UInt8(ascii: "0")] }
        if let small = uint64Value { return Array(String(small).utf8) }
        var chunks: [UInt64] = []
        var rest = self
        while !rest.isZero {
            let (q, r) = rest.quotientAndRemainder(dividingBy: BigUInt.powersOfTen[19])
            chunks.append(r)
            rest = q
        }
        var out = Array(String(chunks.removeLast()).utf8)
        for chunk in chunks.reversed() {
            let digits = Array(String(chunk).utf8)
            out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: 19 - digits.count))
            out.append(contentsOf: digits)
        }
        return out
    }

    var decimalString: String { String(decoding: decimalDigits, as: UTF8.self) }

    /// The digits in base 2, 8, 10 or 16 (lowercase unless asked), as Go's big.Int.Text.
    func text(radix: Int, uppercase: Bool = false) -> String {
        if radix == 10 { return decimalString }
        guard !isZero else { return "0" }
        let bitsPerDigit = radix == 2 ? 1 : radix == 8 ? 3 : 4
        let symbols = Array((uppercase ? "0123456789ABCDEF" : "0123456789abcdef").utf8)
        var out: [UInt8] = []
        var position = 0
        let width = bitWidth
        while position < width {
            var digit = 0
            for k in 0..<bitsPerDigit where bit(position + k) { digit |= 1 << k }
            out.append(symbols[digit])
            position += bitsPerDigit
        }
        return String(decoding: out.reversed(), as: UTF8.self)
    }
}
