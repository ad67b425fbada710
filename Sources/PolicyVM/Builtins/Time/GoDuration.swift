// GoDuration: Go's time.ParseDuration ("1h30m", "-1.5s", "300ms") with OPA's days,
// weeks and years, as OPA's time.parse_duration_ns reads durations. Invariant: the
// grammar, the units (ns, us, µs, μs, ms, s, m, h), the float rounding of fractions
// and the overflow checks are Go's, and so are the error texts; a text Go refuses for
// a unit holding d, w or y is read again with d = 24h, w = 7d and y = 365d, and any
// failure of that second reading is "invalid duration" (what OPA answers: "1.5d" is
// 36h, "1dd" and "1d1" are invalid, "1x1d" is Go's unknown unit "x").

enum GoDuration {
    struct ParseError: Error {
        let message: String
        /// The unit Go did not know, for an "unknown unit" error.
        var unknownUnit: [UInt8]? = nil
    }

    private static let units: [String: UInt64] = [
        "ns": 1, "us": 1_000, "\u{00B5}s": 1_000, "\u{03BC}s": 1_000, "ms": 1_000_000,
        "s": 1_000_000_000, "m": 60_000_000_000, "h": 3_600_000_000_000,
    ]

    private static let longUnits: [String: UInt64] = [
        "d": 86_400_000_000_000, "w": 604_800_000_000_000, "y": 31_536_000_000_000_000,
    ]

    static func parse(_ text: String) -> Result<Int64, ParseError> {
        let goResult = parse(text, units: units)
        guard case .failure(let e) = goResult, let unit = e.unknownUnit,
              unit.contains(where: { $0 == UInt8(ascii: "d") || $0 == UInt8(ascii: "w") || $0 == UInt8(ascii: "y") })
        else { return goResult }
        return parse(text, units: units.merging(longUnits) { a, _ in a }).mapError { _ in
            ParseError(message: "time: invalid duration " + GoQuote.timeQuote(Array(text.utf8)[...]))
        }
    }

    private static func parse(_ text: String, units: [String: UInt64]) -> Result<Int64, ParseError> {
        let original = Array(text.utf8)
        let invalid = ParseError(message: "time: invalid duration " + GoQuote.timeQuote(original[...]))
        var s = original[...]
        var negative = false
        if let c = s.first, c == UInt8(ascii: "-") || c == UInt8(ascii: "+") {
            negative = c == UInt8(ascii: "-")
            s = s.dropFirst()
        }
        if s.elementsEqual("0".utf8) { return .success(0) }
        if s.isEmpty { return .failure(invalid) }
        let limit: UInt64 = 1 << 63
        var total: UInt64 = 0
        while let first = s.first {
            guard first == UInt8(ascii: ".") || isDigit(first) else { return .failure(invalid) }
            // The integer part.
            var v: UInt64 = 0
            let before = s.count
            while let c = s.first, isDigit(c) {
                guard v <= limit / 10 else { return .failure(invalid) }
                v = v * 10 + UInt64(c - 0x30)
                guard v <= limit else { return .failure(invalid) }
                s = s.dropFirst()
            }
            let hasInteger = s.count != before
            // The fraction: digits past what fits are read and ignored.
            var f: UInt64 = 0
            var scale = 1.0
            var hasFraction = false
            if s.first == UInt8(ascii: ".") {
                s = s.dropFirst()
                var overflow = false
                while let c = s.first, isDigit(c) {
                    hasFraction = true
                    s = s.dropFirst()
                    if overflow { continue }
                    if f > (limit - 1) / 10 { overflow = true; continue }
                    let y = f * 10 + UInt64(c - 0x30)
                    if y > limit { overflow = true; continue }
                    f = y
                    scale *= 10
                }
            }
            if !hasInteger && !hasFraction { return .failure(invalid) }
            // The unit: everything up to the next digit or point.
            var unitBytes: [UInt8] = []
            while let c = s.first, c != UInt8(ascii: "."), !isDigit(c) {
                unitBytes.append(c)
                s = s.dropFirst()
            }
            if unitBytes.isEmpty {
                return .failure(ParseError(message: "time: missing unit in duration " + GoQuote.timeQuote(original[...])))
            }
            guard let unit = units[String(decoding: unitBytes, as: UTF8.self)] else {
                return .failure(ParseError(message: "time: unknown unit " + GoQuote.timeQuote(unitBytes[...])
                                           + " in duration " + GoQuote.timeQuote(original[...]), unknownUnit: unitBytes))
            }
            guard v <= limit / unit else { return .failure(invalid) }
            v *= unit
            if f > 0 {
                // Go computes the fraction in float64, nanosecond-accurate up to hours.
                v += UInt64(Double(f) * (Double(unit) / scale))
                guard v <= limit else { return .failure(invalid) }
            }
            total &+= v   // wrapping, as Go's uint64 does
            guard total <= limit else { return .failure(invalid) }
        }
        if negative { return .success(total == limit ? Int64.min : -Int64(total)) }
        guard total <= limit - 1 else { return .failure(invalid) }
        return .success(Int64(total))
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
}
