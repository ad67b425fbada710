// RFC3339Parser: Go's time.Parse(time.RFC3339, s), step for step, so that accepted
// inputs, results and error texts match OPA: fractional seconds after "." or ",",
// "Z" or ±hh:mm offsets, range checks per field and "extra text" after the zone.
// Invariant: the result is nanoseconds since the Unix epoch, or an error; no trap.

enum RFC3339Parser {
    static let layout = "2006-01-02T15:04:05Z07:00"

    /// Nanoseconds since 1970-01-01T00:00:00Z, or Go's error text.
    static func parse(_ text: String) -> Result<Int64, ParseError> {
        let v = Array(text.utf8)
        var pos = 0
        func cannotParse(_ at: Int, _ element: String) -> ParseError {
            ParseError("parsing time \(GoQuote.quote(text)) as \(GoQuote.quote(layout)): cannot parse \(GoQuote.quote(String(decoding: v[min(at, v.count)...], as: UTF8.self))) as \(GoQuote.quote(element))")
        }
        func outOfRange(_ field: String) -> ParseError {
            ParseError("parsing time \(GoQuote.quote(text)): \(field) out of range")
        }
        func isDigit(_ k: Int) -> Bool { k < v.count && v[k] >= 0x30 && v[k] <= 0x39 }
        func digit(_ k: Int) -> Int { Int(v[k]) - 0x30 }
        /// Go's getnum: one or two digits (exactly two when `fixed`).
        func number(fixed: Bool) -> Int? {
            guard isDigit(pos) else { return nil }
            if !isDigit(pos + 1) {
                if fixed { return nil }
                pos += 1
                return digit(pos - 1)
            }
            pos += 2
            return digit(pos - 2) * 10 + digit(pos - 1)
        }
        func literal(_ s: String) -> Bool {
            let l = Array(s.utf8)
            guard pos + l.count <= v.count, Array(v[pos..<pos + l.count]) == l else { return false }
            pos += l.count
            return true
        }

        guard v.count >= 4, isDigit(0), isDigit(1), isDigit(2), isDigit(3) else { return .failure(cannotParse(0, "2006")) }
        let year = digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3)
        pos = 4
        guard literal("-") else { return .failure(cannotParse(pos, "-")) }
        var start = pos
        guard let month = number(fixed: true) else { return .failure(cannotParse(start, "01")) }
        if month < 1 || month > 12 { return .failure(outOfRange("month")) }
        guard literal("-") else { return .failure(cannotParse(pos, "-")) }
        start = pos
        guard let day = number(fixed: true) else { return .failure(cannotParse(start, "02")) }
        if day < 1 || day > 31 { return .failure(outOfRange("day")) }
        guard literal("T") else { return .failure(cannotParse(pos, "T")) }
        start = pos
        guard let hour = number(fixed: false) else { return .failure(cannotParse(start, "15")) }
        if hour >= 24 { return .failure(outOfRange("hour")) }
        guard literal(":") else { return .failure(cannotParse(pos, ":")) }
        start = pos
        guard let minute = number(fixed: true) else { return .failure(cannotParse(start, "04")) }
        if minute >= 60 { return .failure(outOfRange("minute")) }
        guard literal(":") else { return .failure(cannotParse(pos, ":")) }
        start = pos
        guard let second = number(fixed: true) else { return .failure(cannotParse(start, "05")) }
        if second >= 60 { return .failure(outOfRange("second")) }
        var nanos: Int64 = 0
        if pos + 1 < v.count, v[pos] == UInt8(ascii: ".") || v[pos] == UInt8(ascii: ","), isDigit(pos + 1) {
            pos += 1
            var scale: Int64 = 100_000_000
            while isDigit(pos) {
                nanos += Int64(digit(pos)) * scale
                scale /= 10
                pos += 1
            }
        }
        var offset = 0
        start = pos
        if pos < v.count && v[pos] == UInt8(ascii: "Z") {
            pos += 1
        } else {
            guard v.count - pos >= 6, v[pos + 3] == UInt8(ascii: ":"),
                  v[pos] == UInt8(ascii: "+") || v[pos] == UInt8(ascii: "-"),
                  isDigit(pos + 1), isDigit(pos + 2), isDigit(pos + 4), isDigit(pos + 5) else {
                return .failure(cannotParse(start, "Z07:00"))
            }
            let hh = digit(pos + 1) * 10 + digit(pos + 2), mm = digit(pos + 4) * 10 + digit(pos + 5)
            if hh > 24 { return .failure(outOfRange("time zone offset hour")) }
            if mm > 60 { return .failure(outOfRange("time zone offset minute")) }
            offset = (hh * 3600 + mm * 60) * (v[pos] == UInt8(ascii: "-") ? -1 : 1)
            pos += 6
        }
        if pos < v.count {
            return .failure(ParseError("parsing time \(GoQuote.quote(text)): extra text: \(GoQuote.quote(String(decoding: v[pos...], as: UTF8.self)))"))
        }
        if day > daysIn(month: month, year: year) { return .failure(outOfRange("day")) }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second - offset)
        let (scaled, o1) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        let (total, o2) = scaled.addingReportingOverflow(nanos)
        if o1 || o2 { return .failure(ParseError("time outside of valid range")) }
        return .success(total)
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's method).
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    struct ParseError: Error {
        let message: String
        init(_ message: String) { self.message = message }
    }
}
