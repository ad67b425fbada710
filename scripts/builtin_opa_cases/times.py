"""time.*: Go layouts and named layouts, durations, zones from the system's zoneinfo (past
transitions, POSIX footer rules after them, southern and half-hour zones), calendar
arithmetic and its normalization, out-of-range values and Go's error texts."""
from _cases import call, query

TYPE_NAME, TITLE, TABLE = "Time", "time", "time"

ZONES = ["UTC", "", "America/New_York", "Europe/Paris", "Asia/Kolkata", "Australia/Lord_Howe", "Pacific/Chatham",
         "America/Sao_Paulo", "Africa/Casablanca", "Asia/Tehran", "Europe/Dublin", "America/St_Johns", "Etc/GMT+5",
         "Pacific/Kiritimati", "Europe/London", "Asia/Tokyo", "Antarctica/Troll"]
INSTANTS = [0, 1, -1, 1_700_000_000_123_456_789, 946_684_799_999_999_999, 951_782_400_000_000_000, -2_208_988_800_000_000_000,
            -5_000_000_000_000_000_000, 4_102_444_800_000_000_000, 9_223_372_036_854_775_807, -9_223_372_036_854_775_808,
            1_710_054_000_000_000_000, 1_711_846_800_000_000_000, 1_730_595_600_000_000_000, 2_500_000_000_000_000_000]

LAYOUTS = ["2006-01-02T15:04:05Z07:00", "RFC3339", "RFC3339Nano", "RFC822", "RFC822Z", "RFC850", "RFC1123", "RFC1123Z",
           "ANSIC", "UnixDate", "RubyDate", "Kitchen", "Stamp", "StampMilli", "StampMicro", "StampNano", "DateTime", "DateOnly",
           "TimeOnly", "Mon Jan _2 15:04:05 MST 2006", "Monday, 02-Jan-06 3:04:05.000 PM -0700", "2006-002 15:04:05.999999999 Z0700",
           "06/1/2 3:4:5 pm", "__2 .000000 ,999 -07 -07:00:00 Z07 Z07:00:00", "January Jan Monday Mon 01 1 02 2 _2 15 03 3 04 4 05 5",
           "2006-01-02T15:04:05.9Z07:00", "literal text", ""]


def tables():
    """The family's tables, one generated file each: (type name, title, table, cases)."""
    return [("TimeFormat", "time.format, time.date, time.clock and time.weekday over instants and layouts, and bad arguments",
             "timeFormat", format_cases()),
            ("TimeZones", "time.format, time.date, time.clock and time.weekday in named time zones", "timeZones", zone_cases()),
            ("TimeParse", "time.parse_ns, time.parse_rfc3339_ns, time.parse_duration_ns, time.add_date and time.diff",
             "timeParse", parse_cases())]


def format_cases():
    out = []
    for ns in INSTANTS:
        out.append(call("time.format", ns))
        out.append(call("time.date", ns))
        out.append(call("time.clock", ns))
        out.append(call("time.weekday", ns))
    for layout in LAYOUTS:
        for ns in [1_700_000_000_123_456_789, -62_135_596_800_000_000_000 + 1, 253_402_300_799_000_000_000 - 1_000_000_000 * 86400 * 365 * 200]:
            out.append(call("time.format", [ns, "America/New_York", layout]))
        out.append(call("time.format", [0, "Asia/Kolkata", layout]))
    for bad in ["Foo/Bar", "../etc/passwd", "utc", "Local/../UTC", "/usr/share/zoneinfo/UTC", "America", "EST5EDT"]:
        out.append(call("time.format", [0, bad]))
        out.append(call("time.date", [0, bad]))
    for bad in ["x", None, [], ["0"], [0, 1], [0, "UTC", 1], 1.5, 1e30, 10**19, [1.5], [10**19, "UTC"], {}]:
        out.append(call("time.format", bad))
        out.append(call("time.clock", bad))
    out.append(call("time.date", [0, "UTC", "RFC3339"]))
    return out


def zone_cases():
    out = []
    for z in ZONES:
        for ns in INSTANTS[:9] + INSTANTS[11:]:
            out.append(call("time.format", [ns, z]))
        for ns in [0, 1_700_000_000_123_456_789, 4_102_444_800_000_000_000, -2_208_988_800_000_000_000]:
            out.append(call("time.date", [ns, z]))
            out.append(call("time.clock", [ns, z]))
            out.append(call("time.weekday", [ns, z]))
    return out


def parse_cases():
    out = []
    for layout, value in [("RFC3339", "2024-02-29T12:00:00Z"), ("RFC3339", "2023-02-29T12:00:00Z"), ("RFC3339", "2024-02-29T12:00:00+05:30"),
                          ("RFC3339", "2024-02-29T12:00:00.123456789Z"), ("RFC3339", "2024-02-29 12:00:00Z"), ("RFC3339", "2024-13-01T00:00:00Z"),
                          ("RFC3339", "2024-01-01T24:00:00Z"), ("RFC3339", "2024-01-01T00:60:00Z"), ("RFC3339", "2024-01-01T00:00:60Z"),
                          ("RFC3339", "2024-1-01T00:00:00Z"), ("RFC3339", "2024-01-01T00:00:00+24:00"), ("RFC3339", "2024-01-01T00:00:00z"),
                          ("RFC3339", ""), ("RFC3339", "2024-01-01T00:00:00Zjunk"), ("RFC3339Nano", "2024-01-01T00:00:00.1Z"),
                          ("2006-01-02", "2024-03-10"), ("2006-01-02", "24-03-10"), ("02 Jan 06 15:04 MST", "10 Mar 24 02:30 EST"),
                          ("02 Jan 06 15:04 MST", "10 Mar 24 02:30 PDT"), ("02 Jan 06 15:04 MST", "10 Mar 24 02:30 XYZ"),
                          ("02 Jan 06 15:04 MST", "10 Mar 24 02:30 GMT+3"), ("Jan _2 2006", "Feb  3 2024"), ("Jan _2 2006", "feb 3 2024"),
                          ("January 2, 2006", "Februar 3, 2024"), ("Monday 2006-01-02", "Sunday 2024-03-10"), ("Monday 2006-01-02", "Funday 2024-03-10"),
                          ("3:04PM", "11:59pm"), ("3:04PM", "13:00PM"), ("15:04:05.000", "12:34:56.789"), ("15:04:05.000", "12:34:56.78"),
                          ("15:04:05", "12:34:56.789123"), ("15:04:05,999", "12:34:56,5"), ("2006-002", "2024-060"), ("2006-002", "2023-366"),
                          ("2006-01-02 002", "2024-03-01 061"), ("2006-01-02 002", "2024-03-01 062"), ("-0700", "+0530"), ("-07", "+05"),
                          ("Z07:00", "Z"), ("Z0700", "+0100"), ("-07:00:00", "+01:02:03"), ("06", "69"), ("06", "68"), ("2006", "0000"),
                          ("2006", "-001"), ("literal", "literal"), ("literal", "other"), ("", ""), ("", "x"), ("2006-01-02", "2024-03-10 extra"),
                          ("RFC1123", "Sun, 10 Mar 2024 02:30:00 EST"), ("RFC1123Z", "Sun, 10 Mar 2024 02:30:00 -0500"),
                          ("ANSIC", "Sun Mar 10 02:30:00 2024"), ("Kitchen", "3:04PM"), ("DateTime", "2024-03-10 02:30:00"),
                          ("2006-01-02T15:04:05Z07:00", "2024-03-10T02:30:00-05:00"), ("2006-01-02 MST", "2024-03-10 CEST"),
                          ("2006-01-02T15:04:05.999999999Z07:00", "2024-03-10T02:30:00.1234567891Z"), ("2006 01 02", "2024 03 1é")]:
        out.append(call("time.parse_ns", layout, value))
    out.append(call("time.parse_ns", 1, "x"))
    out.append(call("time.parse_ns", "RFC3339", 1))
    for v in ["2024-02-29T12:00:00Z", "1677-09-21T00:12:43.145224191Z", "1677-09-21T00:12:43.145224192Z", "2262-04-11T23:47:16.854775807Z",
              "2262-04-11T23:47:16.854775808Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "2024-02-29T12:00:00.Z", "2024-02-29T12:00:00,5Z"]:
        out.append(call("time.parse_rfc3339_ns", v))
    for d in ["0", "1ns", "1us", "1µs", "1μs", "1ms", "1s", "1m", "1h", "1h30m", "-1.5h", "+2m3.5s", "1.000000001s", "0.0000000001s",
              "1.5ns", "2562047h47m16.854775807s", "2562047h47m16.854775808s", "-2562047h47m16.854775808s", "9223372036854775807ns",
              "9223372036854775808ns", "1d", "1", "", "h", ".s", "1.s", ".5s", "1e3s", "3m-2s", " 1s", "1s ", "1H", "5000000000000000000h",
              "0.5h0.5m", "100000000000000000000ns", "1.99999999999999999999999s",
              # OPA's own units beyond Go's: d, w, y (365d), read only when Go's reading fails on them
              "1d", "1.5d", "1d2h", "1D", "1w", "1y", "-1d", "1dd", "d", "1h1d", "106751d", "106752d", "0.5d", "1ds",
              "1y1dd", "1dx", "1hd", "1d1", "1.5w", "2y", "1mo", "1ms1d", "d1", "1d 1h", "+1d", "1µs1d", "1e1d", ".5d",
              "1.d", "9223372036854775807ns1d", "1w1w", "0d", "-0d", "1h1x", "1x1d", "1yy", "1dh", "1d1y", "1s1d1s",
              "1d-1h", "292y", "293y", "15250w", "15251w", "1000000000000000000000d", "0.0000000000001d",
              "1.23456789012345678901234567890d", "1dw", "1wd", "-2562047h47m16.854775808s1d"]:
        out.append(call("time.parse_duration_ns", d))
    out.append(call("time.parse_duration_ns", 1))
    for start, y, m, d in [(0, 0, 0, 0), (0, 1, 0, 0), (0, 0, 1, 0), (0, 0, 0, 1), (1_706_659_200_000_000_000, 0, 1, 0),
                           (1_709_164_800_000_000_000, 1, 0, 0), (1_709_164_800_000_000_000, -1, 0, 0), (1_700_000_000_123_456_789, 0, 13, -400),
                           (1_700_000_000_000_000_000, 300, 0, 0), (1_700_000_000_000_000_000, -300, 0, 0), (0, 0, 0, -1),
                           (0, 2, 3, 4), (1_700_000_000_000_000_000, 0, -25, 0), (0, 1_000_000_000_000, 0, 0)]:
        out.append(call("time.add_date", start, y, m, d))
    out.append(call("time.add_date", [1_710_050_400_000_000_000, "America/New_York"], 0, 0, 1))
    out.append(call("time.add_date", 0, 1.5, 0, 0))
    out.append(call("time.add_date", 0, "1", 0, 0))
    out.append(call("time.add_date", "0", 1, 0, 0))
    out.append(call("time.add_date", 1.5, 1, 0, 0))
    for a, b in [(0, 0), (0, 1), (1, 0), (0, 86_400_000_000_000), (0, 1_700_000_000_123_456_789), (1_700_000_000_123_456_789, 0),
                 (1_706_659_200_000_000_000, 1_709_164_800_000_000_000), (1_709_164_800_000_000_000, 1_740_700_800_000_000_000),
                 ([0, "America/New_York"], [86_400_000_000_000, "Asia/Tokyo"]), ([1_710_050_400_000_000_000, "America/New_York"], 1_710_136_800_000_000_000),
                 (-2_208_988_800_000_000_000, 4_102_444_800_000_000_000), (951_782_400_000_000_000, 983_318_400_000_000_000)]:
        out.append(call("time.diff", a, b))
    out.append(call("time.diff", 0, "x"))
    out.append(call("time.diff", [0, "Foo/Bar"], 0))
    out.append(query("x := time.format(time.parse_rfc3339_ns(\"2024-03-10T06:59:59Z\"))"))
    out.append(query('x := time.weekday(time.parse_ns("2006-01-02", "2024-02-29"))'))
    return out
