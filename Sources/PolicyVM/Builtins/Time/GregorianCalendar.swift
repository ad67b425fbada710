// GregorianCalendar: the proleptic Gregorian calendar on day numbers (days since
// 1970-01-01), shared with AgentSpec's CivilTime, and Go's normalization of out-of-range fields (month 13 is January of the next year,
// day 0 the last day of the month before). Invariant: days(fromCivil:) and
// civil(fromDays:) are inverse for every day a 64-bit nanosecond time can reach, and
// far beyond (Howard Hinnant's algorithms, exact in 64-bit integers).

package enum GregorianCalendar {
    package struct Date: Equatable {
        package let year: Int
        /// 1...12
        package let month: Int
        /// 1...31
        package let day: Int
        /// 1...366
        package let yearDay: Int
    }

    static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August",
                             "September", "October", "November", "December"]
    static let dayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]

    static func isLeap(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days in the months before `month` in a common year.
    static func daysBefore(month: Int) -> Int {
        [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365][month - 1]
    }

    /// Days since 1970-01-01 of a valid date.
    package static func days(year: Int64, month: Int, day: Int) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = Int64((month + 9) % 12)
        let doy = (153 * mp + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    package static func civil(fromDays days: Int64) -> Date {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = Int(doy - (153 * mp + 2) / 5 + 1)
        let month = Int(mp < 10 ? mp + 3 : mp - 9)
        let year = Int(yoe + era * 400 + (month <= 2 ? 1 : 0))
        let yearDay = daysBefore(month: month) + day + (isLeap(year) && month > 2 ? 1 : 0)
        return Date(year: year, month: month, day: day, yearDay: yearDay)
    }

    /// 0 for Sunday … 6 for Saturday.
    static func weekday(fromDays days: Int64) -> Int {
        let w = (days + 4) % 7   // 1970-01-01 was a Thursday
        return Int(w < 0 ? w + 7 : w)
    }

    /// Go's norm: `low` brought into [0, base), the carry moved into `high`.
    static func normalize(_ high: inout Int64, _ low: inout Int64, base: Int64) {
        if low < 0 {
            let n = (-low - 1) / base + 1
            high -= n
            low += n * base
        }
        if low >= base {
            let n = low / base
            high += n
            low -= n * base
        }
    }
}
