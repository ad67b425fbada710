// GoFloatFormat: Go's strconv.FormatFloat for the verbs sprintf uses (e, E, f, F, g,
// G, b, x). Invariant: digits come from the exact binary value (or, for "shortest",
// from Swift's shortest round-trip digits, which are Go's), rounded half to even.

enum GoFloatFormat {
    /// Decimal digits d1 d2 … (no leading or trailing zeros) and the decimal point
    /// position: the value is 0.d1d2… × 10^point. Zero is `([], 0)`.
    struct Decimal {
        var digits: [UInt8]
        var point: Int
    }

    /// Formats `v` like strconv.FormatFloat(v, verb, precision, 64); nil precision is -1.
    static func format(_ v: Double, verb: Character, precision: Int?) -> String {
        if v.isNaN { return "NaN" }
        if v.isInfinite { return v < 0 ? "-Inf" : "+Inf" }
        let sign = v.sign == .minus ? "-" : ""
        let m = Swift.abs(v)
        switch verb {
        case "b": return sign + binaryExponent(m)
        case "x", "X": return sign + hexFloat(m, uppercase: verb == "X")
        default: break
        }
        let exponentChar: Character = verb.isUppercase ? "E" : "e"
        switch verb {
        case "e", "E":
            let p = precision ?? shortest(m).digits.count - 1
            let d = precision == nil ? shortest(m) : rounded(exact(m), significant: p + 1)
            return sign + eForm(d, precision: p, exponentChar: exponentChar)
        case "f", "F":
            guard let p = precision else {
                let d = shortest(m)
                return sign + fForm(d, precision: Swift.max(d.digits.count - d.point, 0))
            }
            return sign + fForm(rounded(exact(m), fractionDigits: p), precision: p)
        default:   // g, G
            var p = precision ?? 0
            let d: Decimal
            if precision == nil {
                d = shortest(m)
                p = d.digits.count
            } else {
                if p == 0 { p = 1 }
                d = rounded(exact(m), significant: p)
            }
            var eprec = p
            if eprec > d.digits.count && d.digits.count >= d.point { eprec = d.digits.count }
            if precision == nil { eprec = 6 }
            let exp = d.point - 1
            if m != 0 && (exp < -4 || exp >= eprec) {
                return sign + eForm(d, precision: Swift.min(p, d.digits.count) - 1, exponentChar: exponentChar)
            }
            if p > d.point { p = d.digits.count }
            return sign + fForm(d, precision: Swift.max(p - d.point, 0))
        }
    }

    // MARK: - Layouts

    private static func digit(_ d: Decimal, _ i: Int) -> Character {
        i >= 0 && i < d.digits.count ? Character(Unicode.Scalar(d.digits[i] + 48)) : "0"
    }

    private static func eForm(_ d: Decimal, precision: Int, exponentChar: Character) -> String {
        var out = String(digit(d, 0))
        if precision > 0 {
            out += "."
            for i in 1...precision { out.append(digit(d, i)) }
        }
        let exp = d.digits.isEmpty ? 0 : d.point - 1
        out.append(exponentChar)
        out += exp < 0 ? "-" : "+"
        let e = Swift.abs(exp)
        out += e < 10 ? "0\(e)" : "\(e)"
        return out
    }

    private static func fForm(_ d: Decimal, precision: Int) -> String {
        var out = ""
        if d.point > 0 {
            for i in 0..<d.point { out.append(digit(d, i)) }
        } else {
            out = "0"
        }
        if precision > 0 {
            out += "."
            for i in 0..<precision { out.append(digit(d, d.point + i)) }
        }
        return out
    }

    private static func binaryExponent(_ m: Double) -> String {
        if m == 0 { return "0p-1074" }
        let mantissa = m.significandBitPattern | (m.isNormal ? 1 << 52 : 0)
        let exp = m.isNormal ? Int(m.exponent) - 52 : -1074
        return "\(mantissa)p" + (exp < 0 ? "-" : "+") + "\(Swift.abs(exp))"
    }

    private static func hexFloat(_ m: Double, uppercase: Bool) -> String {
        var text: String
        if m == 0 {
            text = "0x0p+00"
        } else {
            var fraction = String(m.significandBitPattern, radix: 16)
            fraction = String(repeating: "0", count: 13 - fraction.count) + fraction
            while fraction.hasSuffix("0") { fraction.removeLast() }
            let exp = Int(m.exponent)
            let e = Swift.abs(exp)
            text = "0x1" + (fraction.isEmpty ? "" : "." + fraction) + "p" + (exp < 0 ? "-" : "+") + (e < 10 ? "0\(e)" : "\(e)")
        }
        return uppercase ? text.uppercased() : text
    }

    // MARK: - Digits

    /// Swift's `description` is the shortest text that round-trips, as Go's shortest is.
    static func shortest(_ m: Double) -> Decimal {
        if m == 0 { return Decimal(digits: [], point: 0) }
        var mantissa = Substring(m.description)
        var exponent = 0
        if let e = mantissa.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(mantissa[mantissa.index(after: e)...]) ?? 0
            mantissa = mantissa[..<e]
        }
        var digits: [UInt8] = []
        var point = 0
        var seenDot = false
        for c in mantissa.utf8 {
            if c == UInt8(ascii: ".") { seenDot = true; continue }
            digits.append(c - 48)
            if !seenDot { point += 1 }
        }
        return trimmed(Decimal(digits: digits, point: point + exponent))
    }

    /// The exact decimal expansion of a finite non-negative double.
    static func exact(_ m: Double) -> Decimal {
        if m == 0 { return Decimal(digits: [], point: 0) }
        let mantissa = m.significandBitPattern | (m.isNormal ? 1 << 52 : 0)
        let exp = m.isNormal ? Int(m.exponent) - 52 : -1074
        var limbs = BigDigits(mantissa)
        if exp >= 0 {
            limbs.multiply(byPowerOf: 2, exp)
            let digits = limbs.decimalDigits()
            return trimmed(Decimal(digits: digits, point: digits.count))
        }
        // m × 2^exp = m × 5^-exp / 10^-exp
        limbs.multiply(byPowerOf: 5, -exp)
        let digits = limbs.decimalDigits()
        return trimmed(Decimal(digits: digits, point: digits.count + exp))
    }

    private static func trimmed(_ d: Decimal) -> Decimal {
        var d = d
        var lead = 0
        while lead < d.digits.count && d.digits[lead] == 0 { lead += 1 }
        d.digits.removeFirst(lead)
        d.point -= lead
        while d.digits.last == 0 { d.digits.removeLast() }
        if d.digits.isEmpty { d.point = 0 }
        return d
    }

    static func rounded(_ d: Decimal, significant n: Int) -> Decimal { round(d, keep: n) }
    static func rounded(_ d: Decimal, fractionDigits n: Int) -> Decimal { round(d, keep: d.point + n) }

    /// Keeps `keep` leading digits, rounding half to even on the exact remainder.
    private static func round(_ d: Decimal, keep: Int) -> Decimal {
        if keep < 0 { return Decimal(digits: [], point: 0) }
        if keep >= d.digits.count { return d }
        let next = d.digits[keep]
        let roundUp: Bool
        if next > 5 || (next == 5 && keep + 1 < d.digits.count) {
            roundUp = true
        } else if next == 5 {
            roundUp = keep > 0 && d.digits[keep - 1] % 2 == 1
        } else {
            roundUp = false
        }
        var out = Decimal(digits: Array(d.digits[..<keep]), point: d.point)
        if roundUp {
            var i = keep - 1
            while i >= 0 && out.digits[i] == 9 { out.digits[i] = 0; i -= 1 }
            if i < 0 {
                out.digits.insert(1, at: 0)
                out.point += 1
            } else {
                out.digits[i] += 1
            }
        }
        return trimmed(out)
    }
}

/// A non-negative big integer in base 2^32 limbs, just enough for exact decimal
/// expansions of doubles.
struct BigDigits {
    private var limbs: [UInt32]

    init(_ value: UInt64) {
        limbs = [UInt32(truncatingIfNeeded: value), UInt32(truncatingIfNeeded: value >> 32)]
        normalize()
    }

    private mutating func normalize() { while limbs.last == 0 { limbs.removeLast() } }

    private mutating func multiply(by factor: UInt32) {
        var carry: UInt64 = 0
        for i in limbs.indices {
            let p = UInt64(limbs[i]) * UInt64(factor) + carry
            limbs[i] = UInt32(truncatingIfNeeded: p)
            carry = p >> 32
        }
        if carry != 0 { limbs.append(UInt32(carry)) }
    }

    mutating func multiply(byPowerOf base: UInt32, _ exponent: Int) {
        // Multiply in chunks that stay within 32 bits (2^31, 5^13).
        let chunk = base == 2 ? 31 : 13
        var remaining = exponent
        while remaining > 0 {
            let step = Swift.min(chunk, remaining)
            var factor: UInt32 = 1
            for _ in 0..<step { factor *= base }
            multiply(by: factor)
            remaining -= step
        }
    }

    /// Decimal digits, most significant first (empty for zero).
    func decimalDigits() -> [UInt8] {
        var work = limbs
        var out: [UInt8] = []
        while !work.isEmpty {
            // Divide by 10^9 at a time, emitting nine digits.
            var remainder: UInt64 = 0
            for i in stride(from: work.count - 1, through: 0, by: -1) {
                let current = (remainder << 32) | UInt64(work[i])
                work[i] = UInt32(current / 1_000_000_000)
                remainder = current % 1_000_000_000
            }
            while work.last == 0 { work.removeLast() }
            for _ in 0..<9 {
                out.append(UInt8(remainder % 10))
                remainder /= 10
                if work.isEmpty && remainder == 0 { break }
            }
        }
        return out.reversed()
    }
}
