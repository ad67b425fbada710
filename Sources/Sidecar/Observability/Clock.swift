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
        var out: [UInt8] = []
        out.reserveCapacity(24)
        appendDateTime(seconds, to: &out)
        out.append(UInt8(ascii: "."))
        appendDigits(nanos / 1_000_000, width: 3, to: &out)
        out.append(UInt8(ascii: "Z"))
        return String(decoding: out, as: UTF8.self)
    }

    /// RFC 3339 with nanoseconds as OPA writes its timestamps (Go's RFC3339Nano): the
    /// fraction's trailing zeros dropped, none at all on a whole second.
    /// `2026-11-21T18:04:05.1234Z`, `2026-11-21T18:04:05Z`.
    static func rfc3339Nano(_ unixNanos: Int64) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(30)
        appendRFC3339Nano(unixNanos, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `rfc3339Nano`'s text appended to `out`.
    static func appendRFC3339Nano(_ unixNanos: Int64, to out: inout [UInt8]) {
        let (seconds, nanos) = split(unixNanos)
        appendDateTime(seconds, to: &out)
        appendFraction(nanos, to: &out)
    }

    /// `.123456789Z` without the fraction's trailing zeros; `Z` alone on a whole second.
    fileprivate static func appendFraction(_ nanos: Int, to out: inout [UInt8]) {
        if nanos > 0 {
            var fraction = nanos
            var width = 9
            while fraction % 10 == 0 {
                fraction /= 10
                width -= 1
            }
            out.append(UInt8(ascii: "."))
            appendDigits(fraction, width: width, to: &out)
        }
        out.append(UInt8(ascii: "Z"))
    }

    /// Whole seconds (rounded down, also before 1970) and the nanoseconds past them.
    fileprivate static func split(_ unixNanos: Int64) -> (seconds: Int64, nanos: Int) {
        // Division truncates toward zero; a negative remainder borrows a second. (Never
        // `unixNanos - 999_999_999` first: that overflows for the earliest instants.)
        var secs = unixNanos / 1_000_000_000
        var nanos = unixNanos % 1_000_000_000
        if nanos < 0 {
            secs -= 1
            nanos += 1_000_000_000
        }
        return (secs, Int(nanos))
    }

    /// `2026-11-21T18:04:05` for Unix seconds `secs`.
    fileprivate static func appendDateTime(_ secs: Int64, to out: inout [UInt8]) {
        var days = secs >= 0 ? secs / 86_400 : (secs - 86_399) / 86_400
        let rem = Int(secs - days * 86_400)
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
        if year < 0 { out.append(UInt8(ascii: "-")) }
        appendDigits(Int(year.magnitude), width: 4, to: &out)
        out.append(UInt8(ascii: "-"))
        appendDigits(Int(month), width: 2, to: &out)
        out.append(UInt8(ascii: "-"))
        appendDigits(Int(day), width: 2, to: &out)
        out.append(UInt8(ascii: "T"))
        appendDigits(rem / 3600, width: 2, to: &out)
        out.append(UInt8(ascii: ":"))
        appendDigits(rem % 3600 / 60, width: 2, to: &out)
        out.append(UInt8(ascii: ":"))
        appendDigits(rem % 60, width: 2, to: &out)
    }

    /// `n` (not negative) in decimal, zero-padded to at least `width` digits.
    private static func appendDigits(_ n: Int, width: Int, to out: inout [UInt8]) {
        var digits = 1
        var scale = 1
        while digits < 19 && n / scale >= 10 {
            scale *= 10
            digits += 1
        }
        for _ in digits..<max(width, digits) { out.append(UInt8(ascii: "0")) }
        var rest = n
        while scale > 0 {
            out.append(UInt8(ascii: "0") + UInt8(rest / scale))
            rest %= scale
            scale /= 10
        }
    }
}

/// Writes `Clock.rfc3339Nano`'s text for instants that come in bursts (the decision log's
/// events): the date and time of the last second seen are kept, so an instant within it
/// costs its fraction only.
struct RFC3339NanoWriter {
    private var second = Int64.min
    private var dateTime: [UInt8] = []

    mutating func append(_ unixNanos: Int64, to out: inout [UInt8]) {
        let (seconds, nanos) = Clock.split(unixNanos)
        if seconds != second {
            dateTime.removeAll(keepingCapacity: true)
            Clock.appendDateTime(seconds, to: &dateTime)
            second = seconds
        }
        out += dateTime
        Clock.appendFraction(nanos, to: &out)
    }
}
