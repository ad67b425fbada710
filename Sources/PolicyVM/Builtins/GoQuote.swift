// GoQuote: Go's strconv.Quote, used wherever OPA's messages or sprintf's %q quote a
// string. Invariant: printable characters pass through, everything else is escaped
// exactly as Go escapes it, so quoted text matches OPA byte for byte.

enum GoQuote {
    /// `"text"` with Go's escapes.
    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\u{07}": out += "\\a"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{0B}": out += "\\v"
            default:
                if isPrintable(scalar) {
                    out.unicodeScalars.append(scalar)
                } else if scalar.value < 0x80 {
                    out += "\\x" + hex(scalar.value, width: 2)
                } else if scalar.value < 0x10000 {
                    out += "\\u" + hex(scalar.value, width: 4)
                } else {
                    out += "\\U" + hex(scalar.value, width: 8)
                }
            }
        }
        return out + "\""
    }

    /// Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the
    /// ASCII space.
    static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == " " { return true }
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned,
             .lineSeparator, .paragraphSeparator, .spaceSeparator:
            return false
        default:
            return true
        }
    }

    /// The time package's own quote (its errors use it, not strconv.Quote): printable
    /// ASCII as is with `"` and `\\` escaped, every byte of anything else as `\xNN`.
    static func timeQuote(_ bytes: ArraySlice<UInt8>) -> String {
        var out = "\""
        for b in bytes {
            if b >= 0x80 || b < 0x20 {
                out += "\\x" + hex(UInt32(b), width: 2)
            } else {
                if b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") { out += "\\" }
                out.unicodeScalars.append(Unicode.Scalar(b))
            }
        }
        return out + "\""
    }

    private static func hex(_ v: UInt32, width: Int) -> String {
        let digits = String(v, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
