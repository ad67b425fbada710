// GoTimeParser: Go's time.Parse(layout, value) step for step, so that accepted inputs,
// results and error texts match OPA's time.parse_ns and time.parse_rfc3339_ns: each
// layout element reads its field (one- or two-digit numbers where Go allows them,
// case-insensitive names, fractions after "." or ","), ranges are checked per field
// and the day against its month at the end, and a zone abbreviation is looked up in
// the local zone (unknown ones count as UTC, as in Go). Invariant: the result is
// nanoseconds since the epoch, or Go's error; no input traps.

enum GoTimeParser {
    struct ParseError: Error {
        let message: String
    }

    static func parse(layout: String, value text: String, local: TimeZone = TimeZoneDatabase.local) -> Result<Int64, ParseError> {
        let fullLayout = Array(layout.utf8), fullValue = Array(text.utf8)
        func failure(_ layoutElement: ArraySlice<UInt8>, _ valueElement: ArraySlice<UInt8>, _ message: String = "") -> Result<Int64, ParseError> {
            let quotedValue = GoQuote.timeQuote(fullValue[...])
            if message.isEmpty {
                return .failure(ParseError(message: "parsing time \(quotedValue) as \(GoQuote.timeQuote(fullLayout[...])): cannot parse \(GoQuote.timeQuote(valueElement)) as \(GoQuote.timeQuote(layoutElement))"))
            }
            return .failure(ParseError(message: "parsing time \(quotedValue)\(message)"))
        }

        var layoutRest = fullLayout[...], value = fullValue[...]
        var year = 0, month = -1, day = -1, yearDay = -1, hour = 0, minute = 0, second = 0, nanosecond = 0
        var isAM = false, isPM = false
        var utc = false
        var zoneOffset: Int?
        var zoneName = ""
        while true {
            let (prefix, element, rest) = GoTimeLayout.nextChunk(layoutRest)
            let elementText = layoutRest[prefix.endIndex..<rest.startIndex]
            guard let afterPrefix = skip(value, prefix) else { return failure(prefix, value) }
            value = afterPrefix
            guard let element else {
                if !value.isEmpty { return failure([], value, ": extra text: " + GoQuote.timeQuote(value)) }
                break
            }
            layoutRest = rest
            let hold = value
            var bad = false
            var rangeError = ""
            switch element {
            case .year:
                guard value.count >= 2, let y = atoi(value.prefix(2)) else { bad = true; break }
                value = value.dropFirst(2)
                year = y >= 69 ? y + 1900 : y + 2000
            case .longYear:
                guard value.count >= 4, isDigit(value, 0), let y = atoi(value.prefix(4)) else { bad = true; break }
                value = value.dropFirst(4)
                year = y
            case .month, .longMonth:
                let names = GregorianCalendar.monthNames.map { element == .month ? String($0.prefix(3)) : $0 }
                guard let i = lookup(names, &value) else { bad = true; break }
                month = i + 1
            case .numMonth, .zeroMonth:
                guard let m = number(&value, fixed: element == .zeroMonth) else { bad = true; break }
                month = m
                if m <= 0 || m > 12 { rangeError = "month" }
            case .weekDay, .longWeekDay:
                let names = GregorianCalendar.dayNames.map { element == .weekDay ? String($0.prefix(3)) : $0 }
                if lookup(names, &value) == nil { bad = true }
            case .day, .underDay, .zeroDay:
                if element == .underDay && value.first == UInt8(ascii: " ") { value = value.dropFirst() }
                guard let d = number(&value, fixed: element == .zeroDay) else { bad = true; break }
                day = d
            case .underYearDay, .zeroYearDay:
                for _ in 0..<2 where element == .underYearDay && value.first == UInt8(ascii: " ") { value = value.dropFirst() }
                var n = 0, digits = 0
                while digits < 3 && isDigit(value, digits) {
                    n = n * 10 + Int(value[value.startIndex + digits] - 0x30)
                    digits += 1
                }
                if digits == 0 || (element == .zeroYearDay && digits != 3) { bad = true; break }
                value = value.dropFirst(digits)
                yearDay = n
            case .hour:
                guard let h = number(&value, fixed: false) else { bad = true; break }
                hour = h
                if h >= 24 { rangeError = "hour" }
            case .hour12, .zeroHour12:
                guard let h = number(&value, fixed: element == .zeroHour12) else { bad = true; break }
                hour = h
                if h > 12 { rangeError = "hour" }
            case .minute, .zeroMinute:
                guard let m = number(&value, fixed: element == .zeroMinute) else { bad = true; break }
                minute = m
                if m >= 60 { rangeError = "minute" }
            case .second, .zeroSecond:
                guard let s = number(&value, fixed: element == .zeroSecond) else { bad = true; break }
                second = s
                if s >= 60 { rangeError = "second"; break }
                // A fraction in the value that the layout does not ask for is read here.
                if value.count >= 2, isSeparator(value.first!), isDigit(value, 1) {
                    if case .fraction? = GoTimeLayout.nextChunk(layoutRest).element { break }
                    var n = 2
                    while isDigit(value, n) { n += 1 }
                    guard let ns = fraction(value, n) else { bad = true; break }
                    nanosecond = ns
                    value = value.dropFirst(n)
                }
            case .upperPM, .lowerPM:
                guard value.count >= 2 else { bad = true; break }
                let p = String(decoding: value.prefix(2), as: UTF8.self)
                value = value.dropFirst(2)
                switch (p, element) {
                case ("PM", .upperPM), ("pm", .lowerPM): isPM = true
                case ("AM", .upperPM), ("am", .lowerPM): isAM = true
                default: bad = true
                }
            case .zoneName:
                if value.starts(with: Array("UTC".utf8)) {
                    utc = true
                    value = value.dropFirst(3)
                    break
                }
                guard let n = zoneNameLength(value) else { bad = true; break }
                zoneName = String(decoding: value.prefix(n), as: UTF8.self)
                value = value.dropFirst(n)
            case .fraction(let digits, let trimmed, _):
                if !trimmed {
                    let n = 1 + digits
                    guard value.count >= n, let ns = fraction(value, n) else { bad = true; break }
                    nanosecond = ns
                    value = value.dropFirst(n)
                } else {
                    guard value.count >= 2, isSeparator(value.first!), isDigit(value, 1) else { break }
                    var n = 1
                    while isDigit(value, n) { n += 1 }
                    guard let ns = fraction(value, n) else { bad = true; break }
                    nanosecond = ns
                    value = value.dropFirst(n)
                }
            default:  // numeric zone offsets, and the ISO 8601 ones, which also take "Z"
                if element.isISO8601 && value.first == UInt8(ascii: "Z") {
                    value = value.dropFirst()
                    utc = true
                    break
                }
                guard let (offset, range, remaining) = numericOffset(value, element) else { bad = true; break }
                rangeError = range
                zoneOffset = offset
                value = remaining
            }
            if !rangeError.isEmpty { return failure(elementText, value, ": \(rangeError) out of range") }
            if bad { return failure(elementText, hold) }
        }
        if isPM && hour < 12 { hour += 12 } else if isAM && hour == 12 { hour = 0 }

        if yearDay >= 0 {
            var m = 0, d = 0
            var yd = yearDay
            if GregorianCalendar.isLeap(year) {
                if yd == 31 + 29 {
                    m = 2
                    d = 29
                } else if yd > 31 + 29 {
                    yd -= 1
                }
            }
            if yd < 1 || yd > 365 { return failure([], value, ": day-of-year out of range") }
            if m == 0 {
                m = (yd - 1) / 31 + 1
                if GregorianCalendar.daysBefore(month: m + 1) < yd { m += 1 }
                d = yd - GregorianCalendar.daysBefore(month: m)
            }
            if month >= 0 && month != m { return failure([], value, ": day-of-year does not match month") }
            month = m
            if day >= 0 && day != d { return failure([], value, ": day-of-year does not match day") }
            day = d
        } else {
            if month < 0 { month = 1 }
            if day < 0 { day = 1 }
        }
        if day < 1 || day > GregorianCalendar.daysIn(month: month, year: year) { return failure([], value, ": day out of range") }

        guard var t = GoTime.date(year: Int64(year), month: Int64(month), day: Int64(day), hour: Int64(hour),
                                  minute: Int64(minute), second: Int64(second), nanosecond: Int64(nanosecond), zone: .utc)
        else { return .failure(ParseError(message: "time outside of valid range")) }
        if !utc, let offset = zoneOffset {
            t = GoTime(seconds: t.seconds - Int64(offset), nanosecond: t.nanosecond, zone: .utc)
        } else if !utc, !zoneName.isEmpty, let offset = local.offset(ofAbbreviation: zoneName, near: t.seconds) {
            // An abbreviation the local zone knows; any other stands for a zone whose
            // offset Go does not know, and the wall time is taken as UTC.
            t = GoTime(seconds: t.seconds - Int64(offset), nanosecond: t.nanosecond, zone: .utc)
        }
        guard let ns = t.unixNanoseconds else { return .failure(ParseError(message: "time outside of valid range")) }
        return .success(ns)
    }

    // MARK: Go's field readers

    private static func isDigit(_ s: ArraySlice<UInt8>, _ i: Int) -> Bool {
        i < s.count && s[s.startIndex + i] >= 0x30 && s[s.startIndex + i] <= 0x39
    }

    private static func isSeparator(_ c: UInt8) -> Bool { c == UInt8(ascii: ".") || c == UInt8(ascii: ",") }

    /// Go's getnum: one or two digits (exactly two when `fixed`).
    private static func number(_ s: inout ArraySlice<UInt8>, fixed: Bool) -> Int? {
        guard isDigit(s, 0) else { return nil }
        guard isDigit(s, 1) else {
            if fixed { return nil }
            defer { s = s.dropFirst() }
            return Int(s.first! - 0x30)
        }
        defer { s = s.dropFirst(2) }
        return Int(s.first! - 0x30) * 10 + Int(s[s.startIndex + 1] - 0x30)
    }

    /// Go's atoi: an optional sign, then only digits.
    private static func atoi(_ s: ArraySlice<UInt8>) -> Int? {
        var digits = s
        var negative = false
        if let f = digits.first, f == UInt8(ascii: "-") || f == UInt8(ascii: "+") {
            negative = f == UInt8(ascii: "-")
            digits = digits.dropFirst()
        }
        var n = 0
        for c in digits {
            guard c >= 0x30 && c <= 0x39 else { return nil }
            let (m, o1) = n.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(Int(c - 0x30))
            if o1 || o2 { return nil }
            n = a
        }
        return negative ? -n : n
    }

    /// Go's lookup: the first name the value starts with, ignoring ASCII case.
    private static func lookup(_ names: [String], _ s: inout ArraySlice<UInt8>) -> Int? {
        for (i, name) in names.enumerated() {
            let n = Array(name.utf8)
            guard s.count >= n.count else { continue }
            if zip(s.prefix(n.count), n).allSatisfy({ a, b in a == b || (a | 0x20 == b | 0x20 && (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7a) }) {
                s = s.dropFirst(n.count)
                return i
            }
        }
        return nil
    }

    /// Go's skip: the layout's literal text must appear; a space in it matches any run
    /// of spaces (at least one, unless the value has no more text).
    private static func skip(_ value: ArraySlice<UInt8>, _ prefix: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        var v = value, p = prefix
        while let c = p.first {
            if c == UInt8(ascii: " ") {
                if let f = v.first, f != UInt8(ascii: " ") { return nil }
                p = p.drop { $0 == UInt8(ascii: " ") }
                v = v.drop { $0 == UInt8(ascii: " ") }
                continue
            }
            guard v.first == c else { return nil }
            p = p.dropFirst()
            v = v.dropFirst()
        }
        return v
    }

    /// Go's parseNanoseconds: the separator and up to nine digits of `s[..<n]`.
    private static func fraction(_ s: ArraySlice<UInt8>, _ n: Int) -> Int? {
        guard let f = s.first, isSeparator(f) else { return nil }
        let count = min(n, 10)
        guard let ns = atoi(s.dropFirst().prefix(count - 1)), ns >= 0 else { return nil }
        var scaled = ns
        for _ in 0..<(10 - count) { scaled *= 10 }
        return scaled
    }

    /// A numeric zone offset for `element`, the range error (if any) and the rest.
    private static func numericOffset(_ value: ArraySlice<UInt8>, _ element: GoTimeLayout.Element)
        -> (offset: Int, rangeError: String, rest: ArraySlice<UInt8>)? {
        let v = Array(value)
        var sign: UInt8, hh: ArraySlice<UInt8>, mm: ArraySlice<UInt8> = Array("00".utf8)[...], ss: ArraySlice<UInt8> = Array("00".utf8)[...]
        var used: Int
        switch element {
        case .iso8601Colon, .numericColon:
            guard v.count >= 6, v[3] == UInt8(ascii: ":") else { return nil }
            (sign, hh, mm, used) = (v[0], v[1..<3], v[4..<6], 6)
        case .numericShort, .iso8601Short:
            guard v.count >= 3 else { return nil }
            (sign, hh, used) = (v[0], v[1..<3], 3)
        case .iso8601ColonSeconds, .numericColonSeconds:
            guard v.count >= 9, v[3] == UInt8(ascii: ":"), v[6] == UInt8(ascii: ":") else { return nil }
            (sign, hh, mm, ss, used) = (v[0], v[1..<3], v[4..<6], v[7..<9], 9)
        case .iso8601Seconds, .numericSeconds:
            guard v.count >= 7 else { return nil }
            (sign, hh, mm, ss, used) = (v[0], v[1..<3], v[3..<5], v[5..<7], 7)
        default:
            guard v.count >= 5 else { return nil }
            (sign, hh, mm, used) = (v[0], v[1..<3], v[3..<5], 5)
        }
        var h = hh, m = mm, s = ss
        guard let hours = number(&h, fixed: true), let minutes = number(&m, fixed: true),
              let seconds = number(&s, fixed: true) else { return nil }
        var rangeError = ""
        if hours > 24 { rangeError = "time zone offset hour" }
        if minutes > 60 { rangeError = "time zone offset minute" }
        if seconds > 60 { rangeError = "time zone offset second" }
        let offset = (hours * 60 + minutes) * 60 + seconds
        switch sign {
        case UInt8(ascii: "+"): return (offset, rangeError, value.dropFirst(used))
        case UInt8(ascii: "-"): return (-offset, rangeError, value.dropFirst(used))
        default: return nil
        }
    }

    /// Go's parseTimeZone: how many bytes of `value` look like a zone abbreviation.
    private static func zoneNameLength(_ value: ArraySlice<UInt8>) -> Int? {
        let v = Array(value)
        guard v.count >= 3 else { return nil }
        // ChST and MeST; GMT with an optional offset; unnamed zones written +hh or -hh.
        if v.count >= 4, v[0..<4].elementsEqual("ChST".utf8) || v[0..<4].elementsEqual("MeST".utf8) { return 4 }
        if v[0..<3].elementsEqual("GMT".utf8) { return v.count == 3 ? 3 : 3 + signedOffsetLength(Array(v[3...])) }
        if v[0] == UInt8(ascii: "+") || v[0] == UInt8(ascii: "-") {
            let n = signedOffsetLength(v)
            return n > 0 ? n : nil
        }
        // Three to five upper-case letters (four or five must end in T, or be WITA).
        var upper = 0
        while upper < 6 && upper < v.count && v[upper] >= 0x41 && v[upper] <= 0x5a { upper += 1 }
        switch upper {
        case 3: return 3
        case 4: return v[3] == UInt8(ascii: "T") || v[0..<4].elementsEqual("WITA".utf8) ? 4 : nil
        case 5: return v[4] == UInt8(ascii: "T") ? 5 : nil
        default: return nil
        }
    }

    /// Go's parseSignedOffset: the length of a sign and at least one digit whose value
    /// is at most 12, or 0.
    private static func signedOffsetLength(_ v: [UInt8]) -> Int {
        guard let sign = v.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else { return 0 }
        var n = 1, x = 0
        while n < v.count && v[n] >= 0x30 && v[n] <= 0x39 {
            x = min(x * 10 + Int(v[n] - 0x30), 1_000)
            n += 1
        }
        return n == 1 || x > 12 ? 0 : n
    }
}
