// HTTPDate: IMF-fixdate formatting for the Date header, e.g. "Sun, 06 Nov 1994 08:49:37 GMT".
// Invariant: always 29 ASCII bytes in the RFC 9110 §5.6.7 format, computed from UTC
// (gmtime_r), independent of locale.
import Glibc

/// Formats Date header values.
enum HTTPDate {
    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// IMF-fixdate = day-name "," SP date1 SP time-of-day SP GMT   (RFC 9110 §5.6.7)
    static func imfFixdate(epochSeconds: Int) -> String {
        var seconds = time_t(epochSeconds)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let day = days[Int(parts.tm_wday) % 7], month = months[Int(parts.tm_mon) % 12]
        return "\(day), \(two(parts.tm_mday)) \(month) \(parts.tm_year + 1900) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
    }
}
