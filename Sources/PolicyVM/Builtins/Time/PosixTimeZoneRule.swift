// PosixTimeZoneRule: a POSIX TZ string (`CET-1CEST,M3.5.0,M10.5.0/3`), the rule a
// zoneinfo file's footer gives for times after its last transition, evaluated as Go's
// tzset does. Invariant: a string Go refuses is nil here too, and the zone found for a
// time is the one Go finds (including southern-hemisphere rules whose DST spans the
// turn of the year).

enum PosixTimeZoneRule {
    struct Found {
        let name: String
        let offset: Int
        let start: Int64
        let end: Int64
    }

    private enum Kind { case julian, dayOfYear, monthWeekDay }

    private struct Rule {
        var kind: Kind
        var day = 0, week = 0, month = 0
        /// Seconds after local midnight (2 a.m. unless given).
        var time = 7200
    }

    private static let secondsPerDay = 86_400

    static func evaluate(_ text: String, lastTransition: Int64, at sec: Int64) -> Found? {
        var s = Substring(text)
        guard let stdName = name(&s), var stdOffset = offset(&s) else { return nil }
        stdOffset = -stdOffset
        if s.isEmpty || s.first == "," {
            return Found(name: stdName, offset: stdOffset, start: lastTransition, end: Int64.max)
        }
        guard let dstName = name(&s) else { return nil }
        var dstOffset: Int
        if s.isEmpty || s.first == "," {
            dstOffset = stdOffset + 3600
        } else {
            guard let o = offset(&s) else { return nil }
            dstOffset = -o
        }
        if s.isEmpty { s = ",M3.2.0,M11.1.0" }
        guard s.first == "," || s.first == ";" else { return nil }
        s = s.dropFirst()
        guard let startRule = rule(&s), s.first == "," else { return nil }
        s = s.dropFirst()
        guard let endRule = rule(&s), s.isEmpty else { return nil }

        let civil = GregorianCalendar.civil(fromDays: floorDivide(sec, Int64(secondsPerDay)))
        let ysec = Int64((civil.yearDay - 1) * secondsPerDay) + sec % Int64(secondsPerDay)
        let ystart = sec - ysec
        var startSec = Int64(ruleTime(civil.year, startRule, stdOffset))
        var endSec = Int64(ruleTime(civil.year, endRule, dstOffset))
        var (std, dst) = ((stdName, stdOffset), (dstName, dstOffset))
        if endSec < startSec {
            swap(&startSec, &endSec)
            swap(&std, &dst)
        }
        if ysec < startSec {
            return Found(name: std.0, offset: std.1, start: ystart, end: startSec + ystart)
        } else if ysec >= endSec {
            return Found(name: std.0, offset: std.1, start: endSec + ystart, end: ystart + 365 * Int64(secondsPerDay))
        }
        return Found(name: dst.0, offset: dst.1, start: startSec + ystart, end: endSec + ystart)
    }

    private static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return a % b < 0 ? q - 1 : q
    }

    /// A zone abbreviation: three or more characters up to a digit, sign or comma, or
    /// anything between `<` and `>`.
    private static func name(_ s: inout Substring) -> String? {
        guard let first = s.first else { return nil }
        if first == "<" {
            guard let close = s.firstIndex(of: ">") else { return nil }
            let n = String(s[s.index(after: s.startIndex)..<close])
            s = s[s.index(after: close)...]
            return n
        }
        var count = 0
        for c in s.unicodeScalars {
            if ("0"..."9").contains(c) || c == "," || c == "-" || c == "+" { break }
            count += 1
        }
        if count < 3 { return nil }
        let n = String(s.prefix(count))
        s = s.dropFirst(count)
        return n
    }

    /// `[+-]hh[:mm[:ss]]` in seconds (hours up to 24 × 7, as tzcode allows).
    private static func offset(_ s: inout Substring) -> Int? {
        var negative = false
        if s.first == "+" { s = s.dropFirst() } else if s.first == "-" { s = s.dropFirst(); negative = true }
        guard let hours = number(&s, 0, 24 * 7) else { return nil }
        var total = hours * 3600
        if s.first == ":" {
            s = s.dropFirst()
            guard let minutes = number(&s, 0, 59) else { return nil }
            total += minutes * 60
            if s.first == ":" {
                s = s.dropFirst()
                guard let seconds = number(&s, 0, 59) else { return nil }
                total += seconds
            }
        }
        return negative ? -total : total
    }

    private static func number(_ s: inout Substring, _ min: Int, _ max: Int) -> Int? {
        var n = 0, digits = 0
        for c in s.utf8 {
            guard c >= 0x30 && c <= 0x39 else { break }
            n = n * 10 + Int(c - 0x30)
            digits += 1
            if n > max { return nil }
        }
        if digits == 0 || n < min { return nil }
        s = s.dropFirst(digits)
        return n
    }

    /// `Jn` (1–365, no leap day), `n` (0–365) or `Mm.w.d`, then `/time`.
    private static func rule(_ s: inout Substring) -> Rule? {
        guard let first = s.first else { return nil }
        var r: Rule
        if first == "J" {
            s = s.dropFirst()
            guard let day = number(&s, 1, 365) else { return nil }
            r = Rule(kind: .julian, day: day)
        } else if first == "M" {
            s = s.dropFirst()
            guard let month = number(&s, 1, 12), s.first == "." else { return nil }
            s = s.dropFirst()
            guard let week = number(&s, 1, 5), s.first == "." else { return nil }
            s = s.dropFirst()
            guard let day = number(&s, 0, 6) else { return nil }
            r = Rule(kind: .monthWeekDay, day: day, week: week, month: month)
        } else {
            guard let day = number(&s, 0, 365) else { return nil }
            r = Rule(kind: .dayOfYear, day: day)
        }
        if s.first == "/" {
            s = s.dropFirst()
            guard let t = offset(&s) else { return nil }
            r.time = t
        }
        return r
    }

    /// Seconds from the start of `year` (UTC) to the rule's moment, for a zone `offset`
    /// seconds east of UTC.
    private static func ruleTime(_ year: Int, _ r: Rule, _ offset: Int) -> Int {
        var s: Int
        switch r.kind {
        case .julian:
            s = (r.day - 1) * secondsPerDay
            if GregorianCalendar.isLeap(year) && r.day >= 60 { s += secondsPerDay }
        case .dayOfYear:
            s = r.day * secondsPerDay
        case .monthWeekDay:
            // Zeller's congruence: the weekday of the month's first day.
            let m1 = (r.month + 9) % 12 + 1
            var yy0 = year
            if r.month <= 2 { yy0 -= 1 }
            let yy1 = yy0 / 100, yy2 = yy0 % 100
            var dow = ((26 * m1 - 2) / 10 + 1 + yy2 + yy2 / 4 + yy1 / 4 - 2 * yy1) % 7
            if dow < 0 { dow += 7 }
            var d = r.day - dow
            if d < 0 { d += 7 }
            for _ in 1..<max(r.week, 1) {
                if d + 7 >= GregorianCalendar.daysIn(month: r.month, year: year) { break }
                d += 7
            }
            d += GregorianCalendar.daysBefore(month: r.month)
            if GregorianCalendar.isLeap(year) && r.month > 2 { d += 1 }
            s = d * secondsPerDay
        }
        return s + r.time - offset
    }
}
