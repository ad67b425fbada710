// BinaryFloat+Text: a number's text into a BinaryFloat and back, as Go's big.Float
// SetString and Text do — which is how OPA turns a Number into a float and a float
// result back into a Number. Invariant: both directions follow Go step by step,
// including its quirks: decimal exponents beyond 5^55 go through a 128-bit power of
// five (rounded), and the shortest output is searched digit by digit without lining
// up the decimal points of the bounds.

extension BinaryFloat {
    /// Go's SetString on a fresh Float (precision 64) for parsed number text.
    init(parsing syntax: NumberSyntax) {
        let p = 64
        guard !syntax.coefficient.isZero else { self = .zero(negative: syntax.isNegative, precision: p); return }
        let exact = BinaryFloat(negative: syntax.isNegative, mantissa: syntax.coefficient,
                                exponent: syntax.exponent, precision: p)
        if syntax.isHex || syntax.exponent == 0 {
            // Hex mantissas scale by powers of two: one rounding of the exact value.
            self = exact.rounded(sticky: false)
            return
        }
        // value = coefficient × 2^e × 5^e: the unrounded coefficient × 2^e times (or over) 5^|e|.
        let power = BinaryFloat.powerOfFive(syntax.exponent.magnitude, precision: p + 64)
        self = syntax.exponent > 0 ? .product(exact, power, precision: p) : .quotient(exact, power, precision: p)
    }

    /// Go's pow5: exact up to 5^27, then square-and-multiply with a factor of
    /// `precision + 64` bits, each step rounded.
    static func powerOfFive(_ n: UInt, precision: Int) -> BinaryFloat {
        let table = 27
        if n <= table {
            return BinaryFloat(negative: false, mantissa: BigUInt.power(5, Int(n)), exponent: 0, precision: precision)
        }
        var z = BinaryFloat(negative: false, mantissa: BigUInt.power(5, table), exponent: 0, precision: precision)
        var f = BinaryFloat(negative: false, mantissa: BigUInt(5), exponent: 0, precision: precision + 64)
        var rest = n - UInt(table)
        while rest > 0 {
            if rest & 1 == 1 { z = .product(z, f, precision: precision) }
            f = .product(f, f, precision: f.precision)
            rest >>= 1
        }
        return z
    }

    // MARK: - Formatting

    /// Go's Text(format, -1) for 'g' and 'f': the shortest decimal that rounds back to
    /// this value at its precision, in %g (exponent when < 1e-4 or ≥ 1e6) or %f form.
    func shortestText(format: UInt8) -> String {
        var out: [UInt8] = isNegative ? [UInt8(ascii: "-")] : []
        var d = DecimalDigits(mantissa: mantissa, exponent: exponent)
        d.roundShortest(for: self)
        if format == UInt8(ascii: "f") {
            d.appendFixed(to: &out, fractionDigits: Swift.max(d.digits.count - d.point, 0))
        } else {
            let exp = d.point - 1
            if exp < -4 || exp >= 6 {
                d.appendExponent(to: &out, fractionDigits: d.digits.count - 1)
            } else {
                d.appendFixed(to: &out, fractionDigits: Swift.max(d.digits.count - d.point, 0))
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// OPA's FloatToNumber: %f text for integers, %g otherwise.
    var numberText: String { shortestText(format: isInteger ? UInt8(ascii: "f") : UInt8(ascii: "g")) }
}

/// Exact decimal digits of a binary value, as Go's big.decimal: ASCII digits with no
/// leading or trailing zeros, the value being 0.digits × 10^point.
struct DecimalDigits {
    var digits: [UInt8]
    var point: Int

    /// The exact decimal of mantissa × 2^exponent.
    init(mantissa: BigUInt, exponent: Int) {
        guard !mantissa.isZero else { digits = []; point = 0; return }
        var m = mantissa, shift = exponent
        if shift < 0 {
            let drop = Swift.min(m.trailingZeroBitCount, -shift)
            m = m >> drop
            shift += drop
        }
        if shift >= 0 {
            digits = (m << shift).decimalDigits
            point = digits.count
        } else {
            // m × 2^-k = m × 5^k / 10^k
            digits = (m * BigUInt.power(5, -shift)).decimalDigits
            point = digits.count + shift
        }
        trim()
    }

    /// The digit at `i`, '0' outside the digits.
    func at(_ i: Int) -> UInt8 { i >= 0 && i < digits.count ? digits[i] : UInt8(ascii: "0") }

    private mutating func trim() {
        while let last = digits.last, last == UInt8(ascii: "0") { digits.removeLast() }
        if digits.isEmpty { point = 0 }
    }

    /// Rounds to `n` digits, halves to even.
    mutating func round(_ n: Int) {
        guard n >= 0, n < digits.count else { return }
        let halfway = digits[n] == UInt8(ascii: "5") && n + 1 == digits.count
        let up = halfway ? (n > 0 && (digits[n - 1] - UInt8(ascii: "0")) & 1 != 0) : digits[n] >= UInt8(ascii: "5")
        if up { roundUp(n) } else { roundDown(n) }
    }

    mutating func roundUp(_ n: Int) {
        guard n >= 0, n < digits.count else { return }
        var k = n
        while k > 0 && digits[k - 1] >= UInt8(ascii: "9") { k -= 1 }
        if k == 0 {
            digits = [UInt8(ascii: "1")]
            point += 1
            return
        }
        digits[k - 1] += 1
        digits.removeSubrange(k...)
    }

    mutating func roundDown(_ n: Int) {
        guard n >= 0, n < digits.count else { return }
        digits.removeSubrange(n...)
        trim()
    }

    /// Go's roundShortest: the fewest digits that still lie within half an ulp of `x`
    /// (inclusive when x's mantissa is even). The bounds' digits are compared index by
    /// index, as Go does, whatever their decimal points.
    mutating func roundShortest(for x: BinaryFloat) {
        guard !digits.isEmpty else { return }
        let width = x.mantissa.bitWidth
        let shift = x.precision + 1 - width          // lsb of the shifted mantissa is half an ulp
        let m = x.mantissa << shift
        let e = x.exponent - shift
        let lower = DecimalDigits(mantissa: m - BigUInt.one, exponent: e)
        let upper = DecimalDigits(mantissa: m + BigUInt.one, exponent: e)
        let inclusive = !m.bit(1)
        for i in 0..<digits.count {
            let d = digits[i], l = lower.at(i), u = upper.at(i)
            let okDown = l != d || (inclusive && i + 1 == lower.digits.count)
            let okUp = d != u && (inclusive || d + 1 < u || i + 1 < upper.digits.count)
            if okDown && okUp { round(i + 1); return }
            if okDown { roundDown(i + 1); return }
            if okUp { roundUp(i + 1); return }
        }
    }

    /// %f: integer digits (padded with zeros), then `fractionDigits` digits.
    func appendFixed(to out: inout [UInt8], fractionDigits: Int) {
        if point > 0 {
            let m = Swift.min(digits.count, point)
            out.append(contentsOf: digits[0..<m])
            if m < point { out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: point - m)) }
        } else {
            out.append(UInt8(ascii: "0"))
        }
        if fractionDigits > 0 {
            out.append(UInt8(ascii: "."))
            for i in 0..<fractionDigits { out.append(at(point + i)) }
        }
    }

    /// %e: d.ddde±dd, at least two exponent digits.
    func appendExponent(to out: inout [UInt8], fractionDigits: Int) {
        out.append(digits.first ?? UInt8(ascii: "0"))
        if fractionDigits > 0 {
            out.append(UInt8(ascii: "."))
            var i = 1
            let m = Swift.min(digits.count, fractionDigits + 1)
            if i < m { out.append(contentsOf: digits[i..<m]); i = m }
            while i <= fractionDigits { out.append(UInt8(ascii: "0")); i += 1 }
        }
        out.append(UInt8(ascii: "e"))
        let exp = digits.isEmpty ? 0 : point - 1
        out.append(exp < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
        if exp.magnitude < 10 { out.append(UInt8(ascii: "0")) }
        out.append(contentsOf: String(exp.magnitude).utf8)
    }
}
