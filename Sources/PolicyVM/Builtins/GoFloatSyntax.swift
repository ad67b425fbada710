// GoFloatSyntax: the string syntax Go's strconv.ParseFloat accepts, which is what
// `to_number` accepts: an optional sign, decimal or 0x-hex mantissa (hex needs a
// p exponent), digit-separating underscores. Infinity and NaN spellings are refused
// before parsing, as OPA refuses them. Invariant: accepted text has a finite float64 value.

enum GoFloatSyntax {
    /// Parses `text` as `to_number` does, or throws OPA's error for it. The number
    /// keeps the string as its text, as OPA's does (`to_number("1.50")` is 1.50).
    static func parse(_ text: String, builtin name: String) throws(BuiltinError) -> Number {
        let unsigned = text.drop { $0 == "+" || $0 == "-" }.lowercased()
        if unsigned == "inf" || unsigned == "infinity" || unsigned == "nan" {
            throw .operand(name, 1, "valid number string", got: .string(text))
        }
        let prefix = "strconv.ParseFloat: parsing \(GoQuote.quote(text)): "
        guard let cleaned = validated(Array(text.utf8)), let number = Number(text: text) else {
            throw .failure(name, prefix + "invalid syntax")
        }
        guard let d = Double(cleaned), d.isFinite else { throw .failure(name, prefix + "value out of range") }
        return number
    }

    /// The text without underscores when Go would accept it, else nil.
    static func validated(_ bytes: [UInt8]) -> String? {
        var i = 0
        if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
        let isHex = i + 1 < bytes.count && bytes[i] == UInt8(ascii: "0") && (bytes[i + 1] | 0x20) == UInt8(ascii: "x")
        let mantissaStart = i
        if isHex { i += 2 }
        var digits = 0, sawDot = false
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "_") { i += 1; continue }
            if b == UInt8(ascii: ".") {
                if sawDot { return nil }
                sawDot = true
            } else if isDigit(b, hex: isHex) {
                digits += 1
            } else { break }
            i += 1
        }
        guard digits > 0 else { return nil }
        if i < bytes.count, (bytes[i] | 0x20) == (isHex ? UInt8(ascii: "p") : UInt8(ascii: "e")) {
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            var expDigits = 0
            while i < bytes.count, isDigit(bytes[i], hex: false) || bytes[i] == UInt8(ascii: "_") {
                if bytes[i] != UInt8(ascii: "_") { expDigits += 1 }
                i += 1
            }
            guard expDigits > 0 else { return nil }
        } else if isHex {
            return nil
        }
        guard i == bytes.count else { return nil }
        if bytes.contains(UInt8(ascii: "_")) && !underscoresSeparateDigits(Array(bytes[mantissaStart...]), hex: isHex) {
            return nil
        }
        return String(decoding: bytes.filter { $0 != UInt8(ascii: "_") }, as: UTF8.self)
    }

    /// Go's underscoreOK: each underscore sits between two digits (or after a base prefix).
    private static func underscoresSeparateDigits(_ s: [UInt8], hex: Bool) -> Bool {
        var previous: UInt8 = UInt8(ascii: "^")   // "start"
        var i = 0
        if hex { i = 2; previous = UInt8(ascii: "0") }
        while i < s.count {
            let b = s[i]
            if b == UInt8(ascii: "_") {
                if previous != UInt8(ascii: "0") { return false }
            } else if isDigit(b, hex: hex) {
                previous = UInt8(ascii: "0")
                i += 1
                continue
            } else if previous == UInt8(ascii: "_") {
                return false
            }
            previous = b == UInt8(ascii: "_") ? b : UInt8(ascii: "!")
            i += 1
        }
        return previous != UInt8(ascii: "_")
    }

    private static func isDigit(_ b: UInt8, hex: Bool) -> Bool {
        if b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") { return true }
        return hex && (b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "f")
    }
}
