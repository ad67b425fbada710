// GoTimeLayout: Go's reference-time layouts ("2006-01-02T15:04:05Z07:00"): the
// tokenizer that finds the next element of a layout (Go's nextStdChunk, byte for
// byte, with its quirks: "Jan" is a month only when no lowercase letter follows,
// "_2006" is "_" then a year) and Format. Invariant: any byte that starts no element
// is copied as is, so every layout formats to something, as in Go.

enum GoTimeLayout {
    enum Element: Equatable {
        case longMonth, month, numMonth, zeroMonth
        case longWeekDay, weekDay
        case day, underDay, zeroDay, underYearDay, zeroYearDay
        case hour, hour12, zeroHour12, minute, zeroMinute, second, zeroSecond
        case longYear, year
        case upperPM, lowerPM
        case zoneName
        case iso8601, iso8601Seconds, iso8601Short, iso8601Colon, iso8601ColonSeconds
        case numeric, numericSeconds, numericShort, numericColon, numericColonSeconds
        /// `.000` (exactly `digits` digits) or `.999` (up to, trailing zeros dropped).
        case fraction(digits: Int, trimmed: Bool, separator: UInt8)

        var isISO8601: Bool {
            switch self {
            case .iso8601, .iso8601Seconds, .iso8601Short, .iso8601Colon, .iso8601ColonSeconds: return true
            default: return false
            }
        }
    }

    /// The named layouts OPA accepts in place of a layout (time.format, time.parse_ns).
    static let named: [String: String] = [
        "ANSIC": "Mon Jan _2 15:04:05 2006",
        "UnixDate": "Mon Jan _2 15:04:05 MST 2006",
        "RubyDate": "Mon Jan 02 15:04:05 -0700 2006",
        "RFC822": "02 Jan 06 15:04 MST",
        "RFC822Z": "02 Jan 06 15:04 -0700",
        "RFC850": "Monday, 02-Jan-06 15:04:05 MST",
        "RFC1123": "Mon, 02 Jan 2006 15:04:05 MST",
        "RFC1123Z": "Mon, 02 Jan 2006 15:04:05 -0700",
        "RFC3339": "2006-01-02T15:04:05Z07:00",
        "RFC3339Nano": "2006-01-02T15:04:05.999999999Z07:00",
    ]

    /// The literal text before the next element, the element (nil at the end), and
    /// the layout after it.
    static func nextChunk(_ layout: ArraySlice<UInt8>) -> (prefix: ArraySlice<UInt8>, element: Element?, rest: ArraySlice<UInt8>) {
        let l = layout
        let base = l.startIndex
        func has(_ i: Int, _ text: String) -> Bool {
            let t = Array(text.utf8)
            return l.endIndex - i >= t.count && l[i..<(i + t.count)].elementsEqual(t)
        }
        func chunk(_ i: Int, _ length: Int, _ e: Element) -> (ArraySlice<UInt8>, Element?, ArraySlice<UInt8>) {
            (l[base..<i], e, l[(i + length)...])
        }
        func isDigit(_ i: Int) -> Bool { i < l.endIndex && l[i] >= 0x30 && l[i] <= 0x39 }
        var i = base
        while i < l.endIndex {
            switch l[i] {
            case UInt8(ascii: "J"):
                if has(i, "Jan") {
                    if has(i, "January") { return chunk(i, 7, .longMonth) }
                    if !(i + 3 < l.endIndex && l[i + 3] >= 0x61 && l[i + 3] <= 0x7a) { return chunk(i, 3, .month) }
                }
            case UInt8(ascii: "M"):
                if has(i, "Mon") {
                    if has(i, "Monday") { return chunk(i, 6, .longWeekDay) }
                    if !(i + 3 < l.endIndex && l[i + 3] >= 0x61 && l[i + 3] <= 0x7a) { return chunk(i, 3, .weekDay) }
                }
                if has(i, "MST") { return chunk(i, 3, .zoneName) }
            case UInt8(ascii: "0"):
                if i + 1 < l.endIndex, l[i + 1] >= UInt8(ascii: "1"), l[i + 1] <= UInt8(ascii: "6") {
                    let e: [Element] = [.zeroMonth, .zeroDay, .zeroHour12, .zeroMinute, .zeroSecond, .year]
                    return chunk(i, 2, e[Int(l[i + 1] - UInt8(ascii: "1"))])
                }
                if has(i, "002") { return chunk(i, 3, .zeroYearDay) }
            case UInt8(ascii: "1"):
                if has(i, "15") { return chunk(i, 2, .hour) }
                return chunk(i, 1, .numMonth)
            case UInt8(ascii: "2"):
                if has(i, "2006") { return chunk(i, 4, .longYear) }
                return chunk(i, 1, .day)
            case UInt8(ascii: "_"):
                if has(i, "_2") {
                    // "_2006" is a literal "_" and then the year.
                    if has(i + 1, "2006") { return (l[base..<(i + 1)], .longYear, l[(i + 5)...]) }
                    return chunk(i, 2, .underDay)
                }
                if has(i, "__2") { return chunk(i, 3, .underYearDay) }
            case UInt8(ascii: "3"): return chunk(i, 1, .hour12)
            case UInt8(ascii: "4"): return chunk(i, 1, .minute)
            case UInt8(ascii: "5"): return chunk(i, 1, .second)
            case UInt8(ascii: "P"):
                if has(i, "PM") { return chunk(i, 2, .upperPM) }
            case UInt8(ascii: "p"):
                if has(i, "pm") { return chunk(i, 2, .lowerPM) }
            case UInt8(ascii: "-"):
                if has(i, "-070000") { return chunk(i, 7, .numericSeconds) }
                if has(i, "-07:00:00") { return chunk(i, 9, .numericColonSeconds) }
                if has(i, "-0700") { return chunk(i, 5, .numeric) }
                if has(i, "-07:00") { return chunk(i, 6, .numericColon) }
                if has(i, "-07") { return chunk(i, 3, .numericShort) }
            case UInt8(ascii: "Z"):
                if has(i, "Z070000") { return chunk(i, 7, .iso8601Seconds) }
                if has(i, "Z07:00:00") { return chunk(i, 9, .iso8601ColonSeconds) }
                if has(i, "Z0700") { return chunk(i, 5, .iso8601) }
                if has(i, "Z07:00") { return chunk(i, 6, .iso8601Colon) }
                if has(i, "Z07") { return chunk(i, 3, .iso8601Short) }
            case UInt8(ascii: "."), UInt8(ascii: ","):
                if i + 1 < l.endIndex, l[i + 1] == UInt8(ascii: "0") || l[i + 1] == UInt8(ascii: "9") {
                    let ch = l[i + 1]
                    var j = i + 1
                    while j < l.endIndex && l[j] == ch { j += 1 }
                    // Only a run of one repeated digit that ends there is a fraction.
                    if !isDigit(j) {
                        let e = Element.fraction(digits: j - (i + 1), trimmed: ch == UInt8(ascii: "9"), separator: l[i])
                        return (l[base..<i], e, l[j...])
                    }
                }
            default:
                break
            }
            i += 1
        }
        return (l, nil, l[l.endIndex...])
    }

    /// Go's Time.Format.
    static func format(_ t: GoTime, layout: String) -> String {
        var out: [UInt8] = []
        var rest = Array(layout.utf8)[...]
        let date = t.date, clock = t.clock, zone = t.zoneInfo
        while true {
            let (prefix, element, after) = nextChunk(rest)
            out += prefix
            guard let element else { break }
            rest = after
            switch element {
            case .year: append(&out, date.year % 100, width: 2)
            case .longYear: append(&out, date.year, width: 4)
            case .month: out += Array(GregorianCalendar.monthNames[date.month - 1].utf8.prefix(3))
            case .longMonth: out += Array(GregorianCalendar.monthNames[date.month - 1].utf8)
            case .numMonth: append(&out, date.month, width: 0)
            case .zeroMonth: append(&out, date.month, width: 2)
            case .weekDay: out += Array(GregorianCalendar.dayNames[t.weekday].utf8.prefix(3))
            case .longWeekDay: out += Array(GregorianCalendar.dayNames[t.weekday].utf8)
            case .day: append(&out, date.day, width: 0)
            case .underDay:
                if date.day < 10 { out.append(UInt8(ascii: " ")) }
                append(&out, date.day, width: 0)
            case .zeroDay: append(&out, date.day, width: 2)
            case .underYearDay:
                if date.yearDay < 100 { out.append(UInt8(ascii: " ")) }
                if date.yearDay < 10 { out.append(UInt8(ascii: " ")) }
                append(&out, date.yearDay, width: 0)
            case .zeroYearDay: append(&out, date.yearDay, width: 3)
            case .hour: append(&out, clock.hour, width: 2)
            case .hour12, .zeroHour12:
                let h = clock.hour % 12 == 0 ? 12 : clock.hour % 12
                append(&out, h, width: element == .hour12 ? 0 : 2)
            case .minute: append(&out, clock.minute, width: 0)
            case .zeroMinute: append(&out, clock.minute, width: 2)
            case .second: append(&out, clock.second, width: 0)
            case .zeroSecond: append(&out, clock.second, width: 2)
            case .upperPM: out += Array((clock.hour >= 12 ? "PM" : "AM").utf8)
            case .lowerPM: out += Array((clock.hour >= 12 ? "pm" : "am").utf8)
            case .zoneName:
                if !zone.name.isEmpty {
                    out += Array(zone.name.utf8)
                } else {
                    appendOffset(&out, zone.offset, .numeric)
                }
            case .fraction(let digits, let trimmed, let separator):
                if trimmed && (digits == 0 || t.nanosecond == 0) { break }
                var text = [separator]
                var nanos: [UInt8] = []
                append(&nanos, t.nanosecond, width: 9)
                text += nanos.prefix(min(digits, 9))
                if trimmed {
                    while text.last == UInt8(ascii: "0") { text.removeLast() }
                    if text.last == separator { text.removeLast() }
                }
                out += text
            default:
                if element.isISO8601 && zone.offset == 0 {
                    out.append(UInt8(ascii: "Z"))
                } else {
                    appendOffset(&out, zone.offset, element)
                }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A zone offset as `-0700`, `-07:00`, `-07`, `-070000` or `-07:00:00`.
    private static func appendOffset(_ out: inout [UInt8], _ offset: Int, _ element: Element) {
        var minutes = offset / 60
        var seconds = offset
        if minutes < 0 {
            out.append(UInt8(ascii: "-"))
            minutes = -minutes
            seconds = -seconds
        } else {
            out.append(UInt8(ascii: "+"))
        }
        append(&out, minutes / 60, width: 2)
        let colon = [.iso8601Colon, .numericColon, .iso8601ColonSeconds, .numericColonSeconds].contains(element)
        if colon { out.append(UInt8(ascii: ":")) }
        if element != .numericShort && element != .iso8601Short { append(&out, minutes % 60, width: 2) }
        if [.iso8601Seconds, .numericSeconds, .numericColonSeconds, .iso8601ColonSeconds].contains(element) {
            if colon { out.append(UInt8(ascii: ":")) }
            append(&out, seconds % 60, width: 2)
        }
    }

    /// Go's appendInt: decimal, zero-padded to `width`, a minus sign before the padding.
    private static func append(_ out: inout [UInt8], _ value: Int, width: Int) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        let digits = Array(String(value.magnitude).utf8)
        if digits.count < width { out += [UInt8](repeating: UInt8(ascii: "0"), count: width - digits.count) }
        out += digits
    }
}
