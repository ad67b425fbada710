// GoArgumentPrinter: how Go's fmt prints one argument under one verb with given flags
// (fmtInteger, fmtFloat, fmtS/fmtQ/fmtSbx and the %!verb(type=value) marker for a
// verb the argument's type does not take). Invariant: padding counts runes.

struct GoArgumentPrinter {
    var flags: GoFormatFlags

    func print(_ arg: GoArgument, _ verb: Character) -> String {
        // Go prints %T, the argument's type, before looking at its value, as a string.
        if verb == "T" { return pad(truncated(arg.goTypeName)) }
        switch arg {
        case .int(let i):
            let negative = i < 0
            switch verb {
            case "v", "d": return integer(negative, String(i.magnitude), base: 10, verb)
            case "b": return integer(negative, String(i.magnitude, radix: 2), base: 2, verb)
            case "o", "O": return integer(negative, String(i.magnitude, radix: 8), base: 8, verb)
            case "x": return integer(negative, String(i.magnitude, radix: 16), base: 16, verb)
            case "X": return integer(negative, String(i.magnitude, radix: 16, uppercase: true), base: 16, verb)
            case "c": return pad(String(rune(i)))
            case "q": return pad("'" + String(GoQuote.quote(String(rune(i))).dropFirst().dropLast()) + "'")
            case "U":
                let hex = String(i.magnitude, radix: 16, uppercase: true)
                return pad("U+" + String(repeating: "0", count: Swift.max(0, 4 - hex.count)) + hex)
            default: return badVerb(arg, verb)
            }
        case .big(let b):
            let radix: Int
            switch verb {
            // Go's big.Int Format takes %s as %d (fmt's own int64 path does not).
            case "v", "d", "s": radix = 10
            case "b": radix = 2
            case "o", "O": radix = 8
            case "x", "X": radix = 16
            default: return "%!\(verb)(big.Int=\(b.description))"
            }
            return integer(b.isNegative, b.magnitude.text(radix: radix, uppercase: verb == "X"), base: radix, verb)
        case .float(let d):
            switch verb {
            case "v": return float(d, "g", precision: nil)
            case "b", "g", "G", "x", "X": return float(d, verb, precision: nil)
            case "f", "e", "E", "F": return float(d, verb, precision: 6)
            default: return badVerb(arg, verb)
            }
        case .string(let s):
            switch verb {
            case "v": return flags.sharpV ? pad(GoQuote.quote(truncated(s))) : pad(truncated(s))
            case "s": return pad(truncated(s))
            case "x", "X": return hex(s, uppercase: verb == "X")
            case "q": return pad(quoted(truncated(s)))
            default: return badVerb(arg, verb)
            }
        }
    }

    private func badVerb(_ arg: GoArgument, _ verb: Character) -> String {
        "%!\(verb)(\(arg.goTypeName)=\(print(arg, "v")))"
    }

    private func rune(_ i: Int64) -> Unicode.Scalar {
        guard i >= 0, i <= 0x10FFFF, let s = Unicode.Scalar(UInt32(i)) else { return "\u{FFFD}" }
        return s
    }

    /// Pads to the width with spaces (or zeros when the 0 flag is set), counting runes.
    func pad(_ s: String, zero: Bool? = nil) -> String {
        guard flags.hasWidth, flags.width > 0 else { return s }
        let count = s.unicodeScalars.count
        guard count < flags.width else { return s }
        let fill = String(repeating: (zero ?? flags.zero) ? "0" : " ", count: flags.width - count)
        return flags.minus ? s + fill : fill + s
    }

    private func truncated(_ s: String) -> String {
        guard flags.hasPrecision else { return s }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: s.unicodeScalars.prefix(flags.precision))
        return String(out)
    }

    // MARK: - Integers

    private func integer(_ negative: Bool, _ magnitude: String, base: Int, _ verb: Character) -> String {
        var digits = magnitude
        var precision = 0
        if flags.hasPrecision {
            precision = flags.precision
            if precision == 0 && digits == "0" { return pad("", zero: false) }
        } else if flags.zero && !flags.minus && flags.hasWidth {
            precision = flags.width
            if negative || flags.plus || flags.space { precision -= 1 }
        }
        if digits.count < precision { digits = String(repeating: "0", count: precision - digits.count) + digits }
        if flags.sharp {
            switch base {
            case 2: digits = "0b" + digits
            case 8: if !digits.hasPrefix("0") { digits = "0" + digits }
            case 16: digits = (verb == "X" ? "0X" : "0x") + digits
            default: break
            }
        }
        if verb == "O" { digits = "0o" + digits }
        if negative { digits = "-" + digits } else if flags.plus { digits = "+" + digits } else if flags.space { digits = " " + digits }
        return pad(digits, zero: false)
    }

    // MARK: - Floats

    private func float(_ d: Double, _ verb: Character, precision: Int?) -> String {
        let p = flags.hasPrecision ? flags.precision : precision
        var num = GoFloatFormat.format(d, verb: verb, precision: p)
        if !num.hasPrefix("-") && !num.hasPrefix("+") { num = "+" + num }
        if flags.space && num.hasPrefix("+") && !flags.plus { num = " " + num.dropFirst() }
        let body = num.dropFirst()
        if body.hasPrefix("Inf") || body.hasPrefix("NaN") {
            if body.hasPrefix("NaN") && !flags.space && !flags.plus { num = String(body) }
            return pad(num, zero: false)
        }
        if flags.plus || !num.hasPrefix("+") {
            if flags.zero && !flags.minus && flags.hasWidth && flags.width > num.count {
                return String(num.prefix(1)) + String(repeating: "0", count: flags.width - num.count) + body
            }
            return pad(num)
        }
        return pad(String(body))
    }

    // MARK: - Strings

    private func quoted(_ s: String) -> String {
        if flags.sharp && !s.contains("`") && s.unicodeScalars.allSatisfy({ $0 == "\t" || GoQuote.isPrintable($0) }) {
            return "`" + s + "`"
        }
        guard flags.plus else { return GoQuote.quote(s) }
        var ascii = ""
        for scalar in GoQuote.quote(s).unicodeScalars {
            if scalar.isASCII { ascii.unicodeScalars.append(scalar); continue }
            let hex = String(scalar.value, radix: 16)
            ascii += scalar.value < 0x10000
                ? "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                : "\\U" + String(repeating: "0", count: 8 - hex.count) + hex
        }
        return ascii
    }

    private func hex(_ s: String, uppercase: Bool) -> String {
        var bytes = Array(s.utf8)
        if flags.hasPrecision { bytes = Array(bytes.prefix(flags.precision)) }
        let symbols = Array(uppercase ? "0123456789ABCDEF" : "0123456789abcdef")
        var out = ""
        for (i, b) in bytes.enumerated() {
            if flags.space && i > 0 { out += " " }
            if flags.sharp && (flags.space || i == 0) { out += uppercase ? "0X" : "0x" }
            out.append(symbols[Int(b >> 4)])
            out.append(symbols[Int(b & 0xF)])
        }
        return pad(out)
    }
}
