// Number+Compare: equality, order and hashing of numbers as OPA's ast.NumberCompare
// decides them — by exact value, except that two texts that both end in fraction
// zeros and keep a fraction (`1.50`, `0.10`) are equal when their float64 values are.
// Invariant: equal numbers hash alike (the hash is the float64 value, which exact
// equals and the float64 quirk both share); machine-word pairs never leave Int128.

extension Number: Equatable, Hashable, Comparable {
    @inlinable public static func == (a: Number, b: Number) -> Bool { equal(a, b) }

    /// Machine integers inline; anything else through OPA's comparison.
    @inlinable @inline(__always) static func equal(_ a: Number, _ b: Number) -> Bool {
        if case .int(let x) = a, case .int(let y) = b { return x == y }
        return compare(a, b) == 0
    }

    @inlinable public static func < (a: Number, b: Number) -> Bool {
        if case .int(let x) = a, case .int(let y) = b { return x < y }
        return compare(a, b) < 0
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(hashBits) }

    /// The bits that hash a number: its float64 value, with -0 as 0.
    @inlinable var hashBits: UInt64 {
        if case .int(let i) = self { return i == 0 ? 0 : Double(i).bitPattern }
        let d = doubleValue
        return d == 0 ? 0 : d.bitPattern
    }

    /// -1, 0 or 1, as OPA compares the two numbers.
    public static func compare(_ a: Number, _ b: Number) -> Int {
        // An integer's text never has fraction zeros: beside one, the exact order is OPA's.
        if case .int = a, let c = machineCompare(a, b) { return c }
        if case .int = b, let c = machineCompare(a, b) { return c }
        let exact = exactCompare(a, b)
        if exact != 0, a.hasFractionWithTrailingZeros, b.hasFractionWithTrailingZeros, a.doubleValue == b.doubleValue {
            return 0
        }
        return exact
    }

    /// Comparison of the values the texts denote.
    static func exactCompare(_ a: Number, _ b: Number) -> Int {
        if let c = machineCompare(a, b) { return c }
        // Rounding to the nearest double never reverses an order: different doubles
        // decide, equal ones need the digits.
        if let x = a.roundedDouble, let y = b.roundedDouble, x != y { return x < y ? -1 : 1 }
        return decimalCompare(a.exactDecimal, b.exactDecimal)
    }

    /// The value rounded to the nearest double, when that is cheap to know.
    private var roundedDouble: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .decimal(let d): return d.significand.magnitude < 1 << 53 ? d.doubleValue : nil
        case .text(let t): return t.double
        }
    }

    /// The exact order of two machine-sized numbers; nil when either is `.text`.
    /// Switching on `a`, then matching `b` (not on a tuple, which would copy and
    /// retain both) keeps the operands borrowed.
    @inline(__always)
    private static func machineCompare(_ a: Number, _ b: Number) -> Int? {
        switch a {
        case .int(let x):
            if case .int(let y) = b { return x == y ? 0 : (x < y ? -1 : 1) }
            if case .decimal(let y) = b { return scaledCompare(x, 0, y.significand, y.scale) }
        case .decimal(let x):
            if case .int(let y) = b { return scaledCompare(x.significand, x.scale, y, 0) }
            if case .decimal(let y) = b { return scaledCompare(x.significand, x.scale, y.significand, y.scale) }
        case .text:
            break
        }
        return nil
    }

    /// x / 10^xs against y / 10^ys on a common scale: machine words while the scaled
    /// side fits, else Int128 (where both products always fit).
    @inline(__always)
    private static func scaledCompare(_ x: Int64, _ xs: UInt8, _ y: Int64, _ ys: UInt8) -> Int {
        var a = x, b = y
        if xs != ys {
            let (scaled, overflow) = xs < ys ? x.multipliedReportingOverflow(by: ScaledDecimal.powerOfTen(ys - xs))
                                             : y.multipliedReportingOverflow(by: ScaledDecimal.powerOfTen(xs - ys))
            if overflow {
                let wideA = Int128(x) * Int128(ScaledDecimal.powerOfTen(xs < ys ? ys - xs : 0))
                let wideB = Int128(y) * Int128(ScaledDecimal.powerOfTen(xs < ys ? 0 : xs - ys))
                return wideA == wideB ? 0 : (wideA < wideB ? -1 : 1)
            }
            if xs < ys { a = scaled } else { b = scaled }
        }
        return a == b ? 0 : (a < b ? -1 : 1)
    }

    /// Exact comparison of normalized decimals (digits without trailing zeros).
    static func decimalCompare(_ a: (isNegative: Bool, digits: ArraySlice<UInt8>, exponent: Int),
                               _ b: (isNegative: Bool, digits: ArraySlice<UInt8>, exponent: Int)) -> Int {
        let signA = a.digits.isEmpty ? 0 : (a.isNegative ? -1 : 1)
        let signB = b.digits.isEmpty ? 0 : (b.isNegative ? -1 : 1)
        if signA != signB { return signA < signB ? -1 : 1 }
        if signA == 0 { return 0 }
        // Magnitudes: the position of the leading digit first, then digit by digit.
        var c = 0
        let orderA = a.digits.count + a.exponent, orderB = b.digits.count + b.exponent
        if orderA != orderB {
            c = orderA < orderB ? -1 : 1
        } else {
            for (x, y) in zip(a.digits, b.digits) where x != y { c = x < y ? -1 : 1; break }
            if c == 0 && a.digits.count != b.digits.count { c = a.digits.count < b.digits.count ? -1 : 1 }
        }
        return signA < 0 ? -c : c
    }

    /// The exact value as a normalized decimal (see `NumberSyntax.exactDecimal`).
    var exactDecimal: (isNegative: Bool, digits: ArraySlice<UInt8>, exponent: Int) {
        switch self {
        case .int(let i): return Number.normalizedDecimal(negative: i < 0, magnitude: i.magnitude, exponent: 0)
        case .decimal(let d):
            return Number.normalizedDecimal(negative: d.significand < 0, magnitude: d.significand.magnitude, exponent: -Int(d.scale))
        case .text(let t): return t.syntax.exactDecimal
        }
    }

    private static func normalizedDecimal(negative: Bool, magnitude: UInt64, exponent: Int) -> (isNegative: Bool, digits: ArraySlice<UInt8>, exponent: Int) {
        guard magnitude != 0 else { return (negative, [], 0) }
        var m = magnitude, e = exponent
        while m % 10 == 0 { m /= 10; e += 1 }
        return (negative, Array(String(m).utf8)[...], e)
    }

    /// OPA's "is a float" test in NumberCompare: the text has a point, trimming
    /// trailing '0' and '.' characters changes it, and a point survives the trim.
    var hasFractionWithTrailingZeros: Bool {
        switch self {
        case .int: return false
        case .decimal(let d):
            return d.significand % 10 == 0 && d.integralValue == nil
        case .text(let t):
            let bytes = Array(t.text.utf8)
            guard bytes.contains(UInt8(ascii: ".")) else { return false }
            var end = bytes.count
            while end > 0 && (bytes[end - 1] == UInt8(ascii: "0") || bytes[end - 1] == UInt8(ascii: ".")) { end -= 1 }
            return end != bytes.count && bytes[0..<end].contains(UInt8(ascii: "."))
        }
    }
}
