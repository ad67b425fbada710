// Clock: wall-clock and monotonic time for the sidecar, and ISO-8601 UTC formatting
// (timestamps in logs, audit entries and health answers; OPA's RFC 3339 with nanoseconds
// in decision-log events).
#if canImport(Glibc)
import Glibc
#endif

enum Clock {
    static func unixNanoseconds() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }

    /// Monotonic nanoseconds, for durations and ages (never goes backwards).
    static func monotonicNanoseconds() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    /// `2026-11-21T18:04:05.123Z`.
    static func iso8601(_ unixNanos: Int64) -> String {
        let (seconds, nanos) = split(unixNanos)
        return dateTime(seconds) + "." + pad(Int64(nanos / 1_000_000), 3) + "Z"
    }

    /// RFC 3339 with nanoseconds as OPA writes its timestamps (Go's RFC3339Nano): the
    /// fraction's trailing zeros dropped, none at all on a whole second.
    /// `2026-11-21T18:04:05.1234Z`, `2026-11-21T18:04:05Z`.
    static func rfc3339Nano(_ unixNanos: Int64) -> String {
        let (seconds, nanos) = split(unixNanos)
        guard nanos > 0 else { return dateTime(seconds) + "Z" }
        var fraction = pad(Int64(nanos), 9)
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return dateTime(seconds) + "." + fraction + "Z"
    }

    /// Whole seconds (rounded down, also before 1970) and the nanoseconds past them.
    private static func split(_ unixNanos: Int64) -> (seconds: Int64, nanos: Int) {
        let secs = unixNanos >= 0 ? unixNanos / 1_000_000_000 : (unixNanos - 999_999_999) / 1_000_000_000
        return (secs, Int(unixNanos - secs * 1_000_000_000))
    }

    /// `2026-11-21T18:04:05` for Unix seconds `secs`.
    private static func dateTime(_ secs: Int64) -> String {
        var days = secs >= 0 ? secs / 86_400 : (secs - 86_399) / 86_400
        let rem = secs - days * 86_400
        // Civil-from-days (proleptic Gregorian), valid for all 64-bit days we meet.
        days += 719_468
        let era = (days >= 0 ? days : days - 146_096) / 146_097
        let doe = days - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(rem / 3600, 2)):\(pad(rem % 3600 / 60, 2)):\(pad(rem % 60, 2))"
    }

    private static func pad(_ n: Int64, _ w: Int) -> String {
        let s = String(n)
        return String(repeating: "0", count: max(0, w - s.count)) + s
    }
}
