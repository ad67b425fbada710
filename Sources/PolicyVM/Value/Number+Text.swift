// Number+Text: numbers made from text (JSON, Rego literals, to_number), from Swift
// doubles and from computed results, and written back as text. Invariant: the form
// chosen depends on the text alone — canonical Int64 digits are `.int`, a canonical
// plain decimal is `.decimal`, anything else is `.text` — and a number's text is the
// text it was made from.

extension Number {
    /// The number a text spells, in JSON/Rego syntax or Go's strconv syntax (with
    /// underscores); nil when it is not a number.
    public init?(text: String) {
        var text = text
        if let fast = text.withUTF8({ Number.canonical($0) }) { self = fast; return }
        let bytes = NumberText.withoutUnderscores(text)
        guard let syntax = NumberSyntax(bytes) else { return nil }
        let valueText = bytes.count == text.utf8.count ? nil : String(decoding: bytes, as: UTF8.self)
        self = .text(NumberText(text: text, syntax: syntax, valueText: valueText))
    }

    /// The number of validated JSON or Rego number bytes.
    init<Bytes: Collection>(validatedBytes bytes: Bytes) where Bytes.Element == UInt8, Bytes.Index == Int {
        if let fast = Number.canonical(bytes) { self = fast; return }
        let text = String(decoding: bytes, as: UTF8.self)
        self = .text(NumberText(text: text, syntax: NumberSyntax(bytes) ?? NumberSyntax(negative: false, digits: [], exponent: 0)))
    }

    /// `.int` or `.decimal` when the bytes are exactly the canonical spelling of one.
    static func canonical<Bytes: Collection>(_ bytes: Bytes) -> Number? where Bytes.Element == UInt8, Bytes.Index == Int {
        var i = bytes.startIndex
        let end = bytes.endIndex
        guard i < end else { return nil }
        let negative = bytes[i] == UInt8(ascii: "-")
        if negative { i += 1 }
        let integerStart = i
        var magnitude: UInt64 = 0
        // Digits from i on into magnitude; false when it leaves 64 bits.
        func digits() -> Bool {
            while i < end, bytes[i] >= 0x30 && bytes[i] <= 0x39 {
                let (m, o1) = magnitude.multipliedReportingOverflow(by: 10)
                let (s, o2) = m.addingReportingOverflow(UInt64(bytes[i] - 0x30))
                if o1 || o2 { return false }
                magnitude = s
                i += 1
            }
            return true
        }
        guard digits() else { return nil }
        let integerDigits = i - integerStart
        // No digits, or a leading zero before more digits (`007`), is not canonical.
        guard integerDigits > 0, integerDigits == 1 || bytes[integerStart] != UInt8(ascii: "0") else { return nil }
        if i == end {
            if negative {
                guard magnitude != 0, magnitude <= UInt64(Int64.max) + 1 else { return nil }   // `-0` is text
                return .int(Int64(truncatingIfNeeded: 0 &- magnitude))
            }
            return magnitude <= UInt64(Int64.max) ? .int(Int64(magnitude)) : nil
        }
        guard bytes[i] == UInt8(ascii: ".") else { return nil }
        i += 1
        let fractionStart = i
        guard digits() else { return nil }
        let scale = i - fractionStart
        guard i == end, scale >= 1, scale <= Int(ScaledDecimal.maxScale), magnitude < ScaledDecimal.significandLimit else {
            return nil
        }
        if negative && magnitude == 0 { return nil }   // `-0.0` is text
        let significand = negative ? -Int64(magnitude) : Int64(magnitude)
        return .decimal(ScaledDecimal(significand: significand, scale: UInt8(scale)))
    }

    /// A number from a Swift double, spelled as Go's encoding/json writes a float64
    /// (what OPA would read from the JSON we send it): shortest digits, plain between
    /// 1e-6 and 1e21, else `1e-7` / `1.5e+21`. Not-a-number is 0 and infinities are
    /// the largest doubles: JSON has neither.
    public init(_ d: Double) {
        guard d.isFinite else {
            self = d.isNaN ? .int(0) : Number(text: d > 0 ? "1.7976931348623157e+308" : "-1.7976931348623157e+308")!
            return
        }
        if d == d.rounded(), d.magnitude < 9.0e15 {
            self = d == 0 && d.sign == .minus ? Number(text: "-0")! : .int(Int64(d))
            return
        }
        // A plain decimal of at most 15 significant digits (costs, scores): the first
        // scale at which it round-trips. Two such decimals are more than an ulp apart,
        // so it is the shortest spelling, as Swift's and Go's formatting find it.
        if d.magnitude >= 1e-6 && d.magnitude < 1e15 {
            var power = 10.0
            for scale in 1...15 {
                let scaled = (d * power).rounded()
                if scaled.magnitude >= 1e15 { break }
                if scaled / power == d, Int64(scaled) % 10 != 0 {
                    self = .decimal(ScaledDecimal(significand: Int64(scaled), scale: UInt8(scale)))
                    return
                }
                power *= 10
            }
        }
        // Swift's description has the shortest digits that round-trip, as Go's does.
        let (negative, digits, point) = Number.shortestDigits(d)
        var out: [UInt8] = negative ? [UInt8(ascii: "-")] : []
        let magnitude = d.magnitude
        if magnitude < 1e-6 || magnitude >= 1e21 {
            let decimal = DecimalDigits(digits: digits, point: point)
            decimal.appendExponent(to: &out, fractionDigits: digits.count - 1)
            // Go's encoder cleans e-07 to e-7.
            let n = out.count
            if n >= 4, out[n - 4] == UInt8(ascii: "e"), out[n - 3] == UInt8(ascii: "-"), out[n - 2] == UInt8(ascii: "0") {
                out.remove(at: n - 2)
            }
        } else {
            DecimalDigits(digits: digits, point: point).appendFixed(to: &out, fractionDigits: Swift.max(digits.count - point, 0))
        }
        self = Number(text: String(decoding: out, as: UTF8.self))!
    }

    /// The shortest round-trip digits of a finite nonzero double (no leading or
    /// trailing zeros) and the decimal point's position (value = 0.digits × 10^point).
    static func shortestDigits(_ d: Double) -> (negative: Bool, digits: [UInt8], point: Int) {
        var text = Array(d.magnitude.description.utf8)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) {
            exponent = Int(String(decoding: text[(e + 1)...], as: UTF8.self)) ?? 0
            text.removeSubrange(e...)
        }
        var point = text.firstIndex(of: UInt8(ascii: ".")) ?? text.count
        text.removeAll { $0 == UInt8(ascii: ".") }
        while text.first == UInt8(ascii: "0") { text.removeFirst(); point -= 1 }
        while text.last == UInt8(ascii: "0") { text.removeLast() }
        return (d.sign == .minus, text, point + exponent)
    }

    /// An integer result: `.int` when it fits, else its digits.
    init(_ value: BigInt) {
        if let i = value.int64Value { self = .int(i); return }
        let digits = value.magnitude.decimalDigits
        let syntax = NumberSyntax(negative: value.isNegative, digits: digits, exponent: 0)
        self = .text(NumberText(text: value.description, syntax: syntax))
    }

    init(_ value: Int128) {
        if let i = Int64(exactly: value) { self = .int(i) } else { self = Number(BigInt(int128: value)) }
    }

    /// A float result, spelled as OPA's FloatToNumber spells it.
    init(_ value: BinaryFloat) {
        self = Number(text: value.numberText)!
    }

    // MARK: - Writing

    /// The number's text, as OPA prints it.
    public var text: String {
        switch self {
        case .int(let i): return String(i)
        case .decimal(let d): return d.text
        case .text(let t): return t.text
        }
    }

    /// The text when it is valid JSON, else the exact value in JSON's syntax (texts
    /// from to_number like `007` or `0x1p-2`, which OPA itself cannot print).
    public var jsonText: String {
        guard case .text(let t) = self, !JSONNumberSyntax.isValid(t.text.utf8) else { return text }
        let (negative, digits, exponent) = t.syntax.exactDecimal
        guard !digits.isEmpty else { return negative ? "-0" : "0" }
        var out = negative ? "-" : ""
        out += String(decoding: digits, as: UTF8.self)
        if exponent != 0 { out += "e\(exponent)" }
        return out
    }

    /// The literal with a minus sign in front (Rego's `-1.5`), as OPA spells it.
    public var negatedLiteral: Number {
        switch self {
        case .int(let i) where i != 0 && i != Int64.min: return .int(-i)
        case .decimal(let d) where d.significand != 0: return .decimal(ScaledDecimal(significand: -d.significand, scale: d.scale))
        default:
            let t = text
            return Number(text: t.hasPrefix("-") ? String(t.dropFirst()) : "-" + t)!
        }
    }
}

extension DecimalDigits {
    init(digits: [UInt8], point: Int) {
        self.digits = digits
        self.point = point
    }
}

/// JSON's number grammar (RFC 8259 §6): `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
enum JSONNumberSyntax {
    static func isValid<Bytes: Collection>(_ bytes: Bytes) -> Bool where Bytes.Element == UInt8 {
        var it = Array(bytes)[...]
        func digits() -> Int { let n = it.prefix { $0 >= 0x30 && $0 <= 0x39 }.count; it = it.dropFirst(n); return n }
        if it.first == UInt8(ascii: "-") { it = it.dropFirst() }
        if it.first == UInt8(ascii: "0") { it = it.dropFirst() } else if digits() == 0 { return false }
        if it.first == UInt8(ascii: ".") { it = it.dropFirst(); if digits() == 0 { return false } }
        if let e = it.first, e | 0x20 == UInt8(ascii: "e") {
            it = it.dropFirst()
            if let s = it.first, s == UInt8(ascii: "+") || s == UInt8(ascii: "-") { it = it.dropFirst() }
            if digits() == 0 { return false }
        }
        return it.isEmpty
    }
}
