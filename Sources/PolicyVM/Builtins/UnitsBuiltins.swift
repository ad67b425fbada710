// units.parse_bytes: "10KB" = 10000, "10KiB" = 10240, "1.5M" = 1500000, units case-
// insensitive, quotes ignored, the product truncated toward zero, as OPA computes it.
// Invariant: the amount is multiplied exactly (Int128) whenever it fits.

enum UnitsBuiltins {
    static let all: [Builtin] = [parseBytes]

    /// OPA rejects exponents with more digits than this (a `1e999999999` would be huge).
    static let maxExponentDigits = 6

    private static let units: [String: Int64] = {
        var table: [String: Int64] = ["": 1]
        let prefixes = ["k", "m", "g", "t", "p", "e"]
        var decimal: Int64 = 1, binary: Int64 = 1
        for p in prefixes {
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
        guard let multiplier = units[unit] else { throw fail("byte unit \(unit) not recognized") }
        guard let amount = DecimalAmount(number) else { throw fail("could not parse byte amount to a number") }
        return .number(amount.times(multiplier))
    }

    /// Splits at the first character that cannot continue the number, as OPA does;
    /// nil when an exponent has too many digits.
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

/// A decimal number as digits × 10^exponent, parsed with big.Float's syntax.
private struct DecimalAmount {
    var negative = false
    var digits: [UInt8] = []
    var exponent = 0
    let text: String

    init?(_ text: String) {
        self.text = text
        let b = Array(text.utf8)
        var i = 0
        if i < b.count && (b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-")) { negative = b[i] == UInt8(ascii: "-"); i += 1 }
        var sawDigit = false, sawDot = false
        while i < b.count {
            if b[i] >= 0x30 && b[i] <= 0x39 {
                digits.append(b[i] - 0x30); sawDigit = true
                if sawDot { exponent -= 1 }
            } else if b[i] == UInt8(ascii: ".") && !sawDot {
                sawDot = true
            } else { break }
            i += 1
        }
        guard sawDigit else { return nil }
        if i < b.count && (b[i] | 0x20) == UInt8(ascii: "e") {
            i += 1
            var sign = 1
            if i < b.count && (b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-")) { sign = b[i] == UInt8(ascii: "-") ? -1 : 1; i += 1 }
            var e = 0, expDigits = 0
            while i < b.count && b[i] >= 0x30 && b[i] <= 0x39 { e = e * 10 + Int(b[i] - 0x30); expDigits += 1; i += 1 }
            guard expDigits > 0 else { return nil }
            exponent += sign * e
        }
        guard i == b.count else { return nil }
        while digits.first == 0 && digits.count > 1 { digits.removeFirst() }
    }

    /// The amount times `unit`, truncated toward zero.
    func times(_ unit: Int64) -> Number {
        if digits.count <= 30, exponent > -39, exponent < 39, let exact = exactProduct(unit) {
            if let i = Int64(exactly: exact) { return .int(i) }
            return .double(Double(exact))
        }
        let approx = ((Double(text) ?? 0) * Double(unit)).rounded(.towardZero)
        return approx.isFinite && Swift.abs(approx) < 9.2e18 ? .int(Int64(approx)) : .double(approx)
    }

    private func exactProduct(_ unit: Int64) -> Int128? {
        var value: Int128 = 0
        for d in digits { value = value * 10 + Int128(d) }
        var (product, overflow) = value.multipliedReportingOverflow(by: Int128(unit))
        if overflow { return nil }
        if exponent >= 0 {
            for _ in 0..<exponent {
                (product, overflow) = product.multipliedReportingOverflow(by: 10)
                if overflow { return nil }
            }
        } else {
            for _ in 0..<(-exponent) { product /= 10 }
        }
        return negative ? -product : product
    }
}
