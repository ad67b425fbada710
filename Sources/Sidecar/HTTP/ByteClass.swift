// ByteClass: the character classes of RFC 9110/9112/3986 as lookup tables.
// Invariant: every protocol check on a single byte goes through these tables, so the
// grammar lives in one place.

/// Byte classification tables for HTTP grammar.
enum ByteClass {
    /// tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" /
    ///         "`" / "|" / "~" / DIGIT / ALPHA   (RFC 9110 §5.6.2)
    static let token: [Bool] = (0..<256).map { b in
        switch UInt8(b) {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "A")...UInt8(ascii: "Z"):
            return true
        default:
            return "!#$%&'*+-.^_`|~".utf8.contains(UInt8(b))
        }
    }

    /// field-vchar = VCHAR / obs-text, plus SP and HTAB inside a value (RFC 9110 §5.5).
    /// Everything else (CTLs, DEL, CR, LF, NUL) is rejected.
    static let fieldValue: [Bool] = (0..<256).map { b in
        b == 0x09 || b == 0x20 || (b >= 0x21 && b <= 0x7E) || b >= 0x80
    }

    /// Bytes allowed in a request-target: RFC 3986 unreserved, reserved (gen-delims,
    /// sub-delims) and "%" (validated as pct-encoded separately).
    static let target: [Bool] = (0..<256).map { b in
        switch UInt8(b) {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "A")...UInt8(ascii: "Z"):
            return true
        default:
            return "-._~:/?#[]@!$&'()*+,;=%".utf8.contains(UInt8(b))
        }
    }

    /// Reason-phrase = 1*( HTAB / SP / VCHAR / obs-text )   (RFC 9112 §4)
    static let reason: [Bool] = fieldValue

    static func isToken(_ b: UInt8) -> Bool { token[Int(b)] }
    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    static func hexValue(_ b: UInt8) -> Int? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(b - 0x30)
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return Int(b - 0x61 + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return Int(b - 0x41 + 10)
        default: return nil
        }
    }

    static func lowercased(_ b: UInt8) -> UInt8 {
        (b >= 0x41 && b <= 0x5A) ? b + 0x20 : b
    }
}
