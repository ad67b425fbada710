// units.parse and units.parse_bytes, as OPA computes them. parse_bytes: "10KB" is
// 10000 and "10KiB" 10240, units case-insensitive, quotes ignored, the amount read as
// a 64-bit Go float, multiplied at 64 bits and truncated toward zero (so
// "12345678901234567890GB" is the float's digits, 12345678901234567890421678080).
// parse: SI and binary units, case-sensitive in the first letter (m is milli, M mega),
// computed exactly on rationals — milli being the float64 0.001 — an integer printed
// in digits, anything else with exactly 10 decimals ("1m" is 0.0010000000).
// Invariant: OPA's result and OPA's error text for every string.

enum UnitsBuiltins {
    static let all: [Builtin] = [parseBytes, parse]

    /// OPA rejects exponents with more digits than this (a `1e999999999` would be huge).
    static let maxExponentDigits = 6

    private static let byteUnits: [String: UInt64] = {
        var table: [String: UInt64] = ["": 1]
        var decimal: UInt64 = 1, binary: UInt64 = 1
        for p in ["k", "m", "g", "t", "p", "e"] {
            decimal *= 1000
            binary *= 1024
            table[p] = decimal; table[p + "b"] = decimal
            table[p + "i"] = binary; table[p + "ib"] = binary
        }
        return table
    }()

    static let parseBytes = builtin("units.parse_bytes") { ops throws(BuiltinError) in
        let name = ops.name
        func fail(_ message: String) -> BuiltinError { .failure(name, "\(name): \(message)") }
        let text = StringSearch.mapCase(try ops.string(1), upper: false).replacingQuotes()
        if text.utf8.contains(UInt8(ascii: " ")) { throw fail("spaces not allowed in resource strings") }
        guard let (number, unit) = split(Array(text.utf8)) else { throw fail("exponent too large") }
        if number.isEmpty { throw fail("no byte amount provided") }
        guard let multiplier = byteUnits[unit] else { throw fail("byte unit \(unit) not recognized") }
        guard let amount = NumberSyntax(Array(number.utf8)) else { throw fail("could not parse byte amount to a number") }
        guard amount.magnitudeDigits <= Number.maxMagnitudeDigits else { throw .number(name, .tooLarge) }
        let product = BinaryFloat.product(BinaryFloat(parsing: amount), BinaryFloat(Int64(bitPattern: multiplier)))
        return .number(Number(product.truncated.value))
    }

    /// units.parse's multipliers by unit (after its first letter, lowercased).
    private static let siUnits: [String: UInt64] = {
        var table: [String: UInt64] = ["": 1]
        var decimal: UInt64 = 1, binary: UInt64 = 1
        for (upper, lower) in [("K", "k"), ("M", ""), ("G", "g"), ("T", "t"), ("P", "p"), ("E", "e")] {
            decimal *= 1000
            binary *= 1024
            table[upper] = decimal
            if !lower.isEmpty { table[lower] = decimal }
            table[upper + "i"] = binary; table[lower.isEmpty ? "mi" : lower + "i"] = binary
        }
        return table
    }()

    static let parse = builtin("units.parse") { ops throws(BuiltinError) in
        let name = ops.name
        func fail(_ message: String) -> BuiltinError { .failure(name, "\(name): \(message)") }
        let text = try ops.string(1).replacingQuotes()
        if text.utf8.contains(UInt8(ascii: " ")) { throw fail("spaces not allowed in resource strings") }
        guard let (number, rawUnit) = split(Array(text.utf8)) else { throw fail("exponent too large") }
        if number.isEmpty { throw fail("no amount provided") }
        // Lowercase after the first letter, so that m (milli) and M (mega) stay apart.
        let unit = rawUnit.count > 1
            ? String(rawUnit.prefix(1)) + StringSearch.mapCase(String(rawUnit.dropFirst()), upper: false)
            : rawUnit
        let multiplier: Rational
        if unit == "m" {
            multiplier = Rational(exactly: 0.001)
        } else if let m = siUnits[unit] {
            multiplier = Rational(BigInt(negative: false, magnitude: BigUInt(m)))
        } else {
            throw fail("unit \(unit) not recognized")
        }
        guard let amount = NumberSyntax(Array(number.utf8)) else {
            throw fail("could not parse amount to a number")
        }
        guard amount.magnitudeDigits <= Number.maxMagnitudeDigits else { throw .number(name, .tooLarge) }
        let value = Rational(amount).times(multiplier)
        if let integer = value.integer { return .number(Number(integer)) }
        return .number(Number(text: value.fixedText(fractionDigits: 10))!)
    }

    /// Splits at the first character that cannot continue the number, as OPA's
    /// extractNumAndUnit does; nil when an exponent has too many digits.
    private static func split(_ s: [UInt8]) -> (String, String)? {
        func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
        var boundary: Int?
        var i = 0
        while i < s.count {
            let b = s[i]
            let isExp = b == UInt8(ascii: "e") || b == UInt8(ascii: "E")
            if !(isDigit(b) || b == UInt8(ascii: ".") || isExp || b == UInt8(ascii: "+") || b == UInt8(ascii: "-")) {
                boundary = i; break
            }
            if isExp {
                let next = i + 1 < s.count ? s[i + 1] : 0
                if i == s.count - 1 || !(isDigit(next) || next == UInt8(ascii: "+") || next == UInt8(ascii: "-")) {
                    boundary = i; break
                }
                if next == UInt8(ascii: "+") || next == UInt8(ascii: "-") { i += 1 }
                var end = i + 1
                while end < s.count && isDigit(s[end]) { end += 1 }
                if end - (i + 1) > maxExponentDigits { return nil }
            }
            i += 1
        }
        let cut = boundary ?? s.count
        return (String(decoding: s[..<cut], as: UTF8.self), String(decoding: s[cut...], as: UTF8.self))
    }
}

extension String {
    fileprivate func replacingQuotes() -> String { GoReplacer.replace(self, pairs: [("\"", "")]) }
}

/// An exact fraction (Go's big.Rat as units.parse uses it): numerator / denominator.
private struct Rational {
    var numerator: BigInt
    var denominator: BigUInt

    init(_ integer: BigInt) {
        numerator = integer
        denominator = .one
    }

    /// The value of decimal number text.
    init(_ syntax: NumberSyntax) {
        let (negative, digits, exponent) = syntax.exactDecimal
        var magnitude = BigUInt(decimalDigits: digits) ?? .zero
        if exponent > 0 { magnitude = magnitude * BigUInt.powerOfTen(exponent) }
        numerator = BigInt(negative: negative, magnitude: magnitude)
        denominator = exponent < 0 ? BigUInt.powerOfTen(-exponent) : .one
    }

    /// The exact binary value of a finite double (Go's Rat.SetFloat64).
    init(exactly d: Double) {
        let significand = BigUInt(d.significandBitPattern | (d.exponentBitPattern == 0 ? 0 : 1 << 52))
        let exponent = Int(d.exponentBitPattern == 0 ? -1074 : Int(d.exponentBitPattern) - 1075)
        numerator = BigInt(negative: d < 0, magnitude: exponent > 0 ? significand << exponent : significand)
        denominator = exponent < 0 ? BigUInt.one << -exponent : .one
    }

    func times(_ other: Rational) -> Rational {
        var r = self
        r.numerator = numerator * other.numerator
        r.denominator = denominator * other.denominator
        return r
    }

    /// The value when it is an integer.
    var integer: BigInt? {
        let (q, r) = numerator.magnitude.quotientAndRemainder(dividingBy: denominator)
        return r.isZero ? BigInt(negative: numerator.isNegative, magnitude: q) : nil
    }

    /// Go's Rat.FloatString: `fractionDigits` decimals, the last rounded half away from zero.
    func fixedText(fractionDigits: Int) -> String {
        let (q, r) = numerator.magnitude.quotientAndRemainder(dividingBy: denominator)
        let unit = BigUInt.powerOfTen(fractionDigits)
        var (fraction, rest) = (r * unit).quotientAndRemainder(dividingBy: denominator)
        var whole = q
        if denominator <= rest + rest {
            fraction = fraction + BigUInt.one
            if fraction >= unit { whole = whole + BigUInt.one; fraction = fraction - unit }
        }
        let digits = fraction.decimalString
        return (numerator.isNegative ? "-" : "") + whole.decimalString + "."
            + String(repeating: "0", count: fractionDigits - digits.count) + digits
    }
}
