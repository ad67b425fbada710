// Hex: decoding as Go's hex.DecodeString does, with its errors: the first byte that is
// not a hex digit (`encoding/hex: invalid byte: U+007A 'z'`), checked before an odd
// length (`encoding/hex: odd length hex string`). Encoding is `[UInt8].hexString`.

enum Hex {
    static func decode(_ text: String) -> Result<[UInt8], DecodeError> {
        let src = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(src.count / 2)
        var i = 1
        while i < src.count {
            guard let hi = value(src[i - 1]) else { return .failure(DecodeError(invalid: src[i - 1])) }
            guard let lo = value(src[i]) else { return .failure(DecodeError(invalid: src[i])) }
            out.append(hi << 4 | lo)
            i += 2
        }
        if src.count % 2 == 1 {
            if value(src[src.count - 1]) == nil { return .failure(DecodeError(invalid: src[src.count - 1])) }
            return .failure(DecodeError(message: "encoding/hex: odd length hex string"))
        }
        return .success(out)
    }

    private static func value(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    struct DecodeError: Error {
        let message: String
        init(message: String) { self.message = message }

        /// Go's InvalidByteError: the byte as a code point in `%#U` form (`U+007A 'z'`;
        /// the quoted character only when Go counts it printable).
        init(invalid byte: UInt8) {
            let code = String(byte, radix: 16, uppercase: true)
            var text = "U+" + String(repeating: "0", count: 4 - code.count) + code
            if GoQuote.isPrintable(Unicode.Scalar(byte)) { text += " '" + String(Character(Unicode.Scalar(byte))) + "'" }
            message = "encoding/hex: invalid byte: " + text
        }
    }
}
