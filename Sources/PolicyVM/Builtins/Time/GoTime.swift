// GoTime: an instant in a time zone, as Go's time.Time holds one for OPA's time
// builtins: Unix seconds, nanoseconds within the second, and the zone that gives its
// wall clock. Invariant: the wall-clock fields and the arithmetic (Date's
// normalization, AddDate) are Go's; a computation that leaves 64-bit range is nil,
// which the builtins report as OPA does ("time outside of valid range").

struct GoTime {
    let seconds: Int64
    /// 0 ..< 1_000_000_000
    let nanosecond: Int
    let zone: TimeZone

    init(seconds: Int64, nanosecond: Int, zone: TimeZone) {
        (self.seconds, self.nanosecond, self.zone) = (seconds, nanosecond, zone)
    }

    /// Go's time.Unix(0, ns).In(zone).
    init(unixNanoseconds ns: Int64, zone: TimeZone) {
        var s = ns / 1_000_000_000, n = ns % 1_000_000_000
        if n < 0 {
            s -= 1
            n += 1_000_000_000
        }
        self.init(seconds: s, nanosecond: Int(n), zone: zone)
    }

    /// Nanoseconds since the epoch, or nil outside Int64 (Go's UnixNano would wrap; OPA
    /// checks the range first).
    var unixNanoseconds: Int64? {
        // In 128 bits: the earliest time, -9223372036.854775808 s, is in range although
        // its whole seconds alone are not.
        Int64(exactly: Int128(seconds) * 1_000_000_000 + Int128(nanosecond))
    }

    /// The zone's abbreviation and offset at this instant.
    var zoneInfo: (name: String, offset: Int) {
        let z = zone.lookup(seconds)
        return (z.name, z.offset)
    }

    private var localSeconds: Int64 { seconds &+ Int64(zoneInfo.offset) }
    private var localDays: Int64 { floorDivide(localSeconds, 86_400) }

    var date: GregorianCalendar.Date { GregorianCalendar.civil(fromDays: localDays) }

    var clock: (hour: Int, minute: Int, second: Int) {
        let s = Int(localSeconds - localDays * 86_400)
        return (s / 3600, s / 60 % 60, s % 60)
    }

    /// 0 for Sunday.
    var weekday: Int { GregorianCalendar.weekday(fromDays: localDays) }

    /// Go's time.Date: fields out of range carry into the next larger one, then the
    /// zone's offset at that wall-clock time is taken (the offset before a transition
    /// for a time a transition skips or repeats, as Go picks it).
    static func date(year: Int64, month: Int64, day: Int64, hour: Int64, minute: Int64, second: Int64,
                     nanosecond: Int64, zone: TimeZone) -> GoTime? {
        var (y, m) = (year, month - 1)
        GregorianCalendar.normalize(&y, &m, base: 12)
        var (s, ns) = (second, nanosecond)
        GregorianCalendar.normalize(&s, &ns, base: 1_000_000_000)
        var mi = minute
        GregorianCalendar.normalize(&mi, &s, base: 60)
        var h = hour
        GregorianCalendar.normalize(&h, &mi, base: 60)
        var d = day
        GregorianCalendar.normalize(&d, &h, base: 24)
        // Beyond this the result is far outside any 64-bit nanosecond time anyway.
        guard abs(y) < Int64(1) << 40, abs(d) < Int64(1) << 50 else { return nil }
        let days = GregorianCalendar.days(year: y, month: Int(m) + 1, day: 1) + d - 1
        let (daySeconds, o1) = days.multipliedReportingOverflow(by: 86_400)
        let (sum, o2) = daySeconds.addingReportingOverflow(h * 3600 + mi * 60 + s)
        // Room for any zone offset (at most a week, as tzcode allows).
        guard !o1, !o2, sum > Int64.min / 2, sum < Int64.max / 2 else { return nil }
        var unix = sum
        let found = zone.lookup(unix)
        if found.offset != 0 {
            var offset = found.offset
            let utc = unix - Int64(offset)
            if utc < found.start || utc >= found.end { offset = zone.lookup(utc).offset }
            unix -= Int64(offset)
        }
        return GoTime(seconds: unix, nanosecond: Int(ns), zone: zone)
    }

    /// Go's AddDate.
    func addingDate(years: Int64, months: Int64, days: Int64) -> GoTime? {
        let d = date, c = clock
        let (y, o1) = Int64(d.year).addingReportingOverflow(years)
        let (m, o2) = Int64(d.month).addingReportingOverflow(months)
        let (dd, o3) = Int64(d.day).addingReportingOverflow(days)
        guard !o1, !o2, !o3 else { return nil }
        return GoTime.date(year: y, month: m, day: dd, hour: Int64(c.hour), minute: Int64(c.minute),
                           second: Int64(c.second), nanosecond: Int64(nanosecond), zone: zone)
    }

    private func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return a % b < 0 ? q - 1 : q
    }
}
