// CivilTime: UTC calendar dates from Unix seconds and back, on PolicyVM's
// GregorianCalendar (the days-from-civil algorithm), so dates need neither
// DateFormatter nor a time zone database.

import PolicyVM

/// A UTC date and time of day.
struct CivilTime: Equatable {
    var year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int

    init(unixSeconds: Int64) {
        let days = unixSeconds >= 0 ? unixSeconds / 86_400 : (unixSeconds - 86_399) / 86_400
        let secs = Int(unixSeconds - days * 86_400)
        let d = GregorianCalendar.civil(fromDays: days)
        (year, month, day) = (d.year, d.month, d.day)
        hour = secs / 3600
        minute = secs % 3600 / 60
        second = secs % 60
    }

    /// Unix seconds at 00:00 UTC of a date.
    static func unixSeconds(year: Int, month: Int, day: Int) -> Int64 {
        GregorianCalendar.days(year: Int64(year), month: month, day: day) * 86_400
    }

    /// Parses `YYYY-MM-DD` (a real calendar date) into Unix seconds at 00:00 UTC.
    static func parseDate(_ text: String) -> Int64? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (1...12).contains(m), d >= 1 else { return nil }
        let seconds = unixSeconds(year: y, month: m, day: d)
        let back = CivilTime(unixSeconds: seconds)
        guard back.year == y, back.month == m, back.day == d else { return nil }
        return seconds
    }

    private static func pad(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    var date: String { "\(Self.pad(year, 4))-\(Self.pad(month, 2))-\(Self.pad(day, 2))" }
    var iso8601: String { "\(date)T\(Self.pad(hour, 2)):\(Self.pad(minute, 2)):\(Self.pad(second, 2))Z" }
}
