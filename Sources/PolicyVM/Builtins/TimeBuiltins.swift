// Time builtins: time.now_ns (one instant per evaluation, from the context),
// time.parse_rfc3339_ns, time.parse_ns, time.parse_duration_ns, time.format,
// time.date, time.clock, time.weekday, time.add_date and time.diff, on Go's time
// semantics (GoTime, GoTimeLayout, GoTimeParser, GoDuration, TimeZone). Invariant:
// the clock is never read here, so an evaluation sees the same "now" everywhere and
// tests can fix it; zone names resolve through the system's zoneinfo (TimeZone).

enum TimeBuiltins {
    static let all: [Builtin] = [nowNs, parseRFC3339Ns, parseNs, parseDurationNs, format, date, clock, weekday, addDate, diff]

    static let nowNs = Builtin("time.now_ns") { _, context throws(BuiltinError) in
        .number(.int(context.nowNanoseconds))
    }

    /// time.parse_rfc3339_ns(value): Go's time.Parse with the RFC3339 layout, as OPA calls it.
    static let parseRFC3339Ns = builtin("time.parse_rfc3339_ns") { ops throws(BuiltinError) in
        switch GoTimeParser.parse(layout: GoTimeLayout.named["RFC3339"]!, value: try ops.string(1)) {
        case .success(let ns): return .number(.int(ns))
        case .failure(let e): throw .failure(ops.name, e.message)
        }
    }

    /// time.parse_ns(layout, value): a Go layout, or the name of one of Go's (RFC3339…).
    static let parseNs = builtin("time.parse_ns") { ops throws(BuiltinError) in
        let layout = try ops.string(1), value = try ops.string(2)
        switch GoTimeParser.parse(layout: GoTimeLayout.named[layout] ?? layout, value: value) {
        case .success(let ns): return .number(.int(ns))
        case .failure(let e): throw .failure(ops.name, e.message)
        }
    }

    static let parseDurationNs = builtin("time.parse_duration_ns") { ops throws(BuiltinError) in
        switch GoDuration.parse(try ops.string(1)) {
        case .success(let ns): return .number(.int(ns))
        case .failure(let e): throw .failure(ops.name, e.message)
        }
    }

    /// time.format(x): x is ns, [ns, zone] or [ns, zone, layout]; RFC3339Nano by default.
    static let format = builtin("time.format") { ops throws(BuiltinError) in
        let (t, layout) = try zonedTime(ops, 1)
        let l = layout.isEmpty ? GoTimeLayout.named["RFC3339Nano"]! : GoTimeLayout.named[layout] ?? layout
        return .string(GoTimeLayout.format(t, layout: l))
    }

    static let date = builtin("time.date") { ops throws(BuiltinError) in
        let d = try zonedTime(ops, 1).time.date
        return .array([.int(d.year), .int(d.month), .int(d.day)])
    }

    static let clock = builtin("time.clock") { ops throws(BuiltinError) in
        let c = try zonedTime(ops, 1).time.clock
        return .array([.int(c.hour), .int(c.minute), .int(c.second)])
    }

    static let weekday = builtin("time.weekday") { ops throws(BuiltinError) in
        .string(GregorianCalendar.dayNames[try zonedTime(ops, 1).time.weekday])
    }

    /// time.add_date(x, years, months, days), normalized as Go's AddDate (October 31
    /// plus a month is December 1).
    static let addDate = builtin("time.add_date") { ops throws(BuiltinError) in
        let t = try zonedTime(ops, 1).time
        let years = try ops.integer(2), months = try ops.integer(3), days = try ops.integer(4)
        guard let result = t.addingDate(years: years, months: months, days: days), let ns = result.unixNanoseconds else {
            throw .failure(ops.name, "time outside of valid range")
        }
        return .number(.int(ns))
    }

    /// time.diff(x, y): [years, months, days, hours, minutes, seconds] between the two,
    /// both read in x's zone, borrowing as a calendar does.
    static let diff = builtin("time.diff") { ops throws(BuiltinError) in
        var t1 = try zonedTime(ops, 1).time, t2 = try zonedTime(ops, 2).time
        t2 = GoTime(seconds: t2.seconds, nanosecond: t2.nanosecond, zone: t1.zone)
        if (t1.seconds, t1.nanosecond) > (t2.seconds, t2.nanosecond) { swap(&t1, &t2) }
        let d1 = t1.date, d2 = t2.date, c1 = t1.clock, c2 = t2.clock
        var year = d2.year - d1.year, month = d2.month - d1.month, day = d2.day - d1.day
        var hour = c2.hour - c1.hour, minute = c2.minute - c1.minute, second = c2.second - c1.second
        if second < 0 { second += 60; minute -= 1 }
        if minute < 0 { minute += 60; hour -= 1 }
        if hour < 0 { hour += 24; day -= 1 }
        if day < 0 { day += GregorianCalendar.daysIn(month: d1.month, year: d1.year); month -= 1 }
        if month < 0 { month += 12; year -= 1 }
        return .array([.int(year), .int(month), .int(day), .int(hour), .int(minute), .int(second)])
    }

    /// OPA's tzTime: a time from ns or [ns, zone] or [ns, zone, layout] (the layout is
    /// only time.format's), in UTC unless a zone is named.
    private static func zonedTime(_ ops: Operands, _ index: Int) throws(BuiltinError) -> (time: GoTime, layout: String) {
        let expected = "either number (ns) or [number (ns), string (tz)]"
        var nsValue = ops[index]
        var zone = TimeZone.utc
        var layout = ""
        switch ops[index] {
        case .array(let items):
            guard let first = items.first else { throw .operand(ops.name, 1, expected, got: ops[index]) }
            guard case .number = first else { throw .operand(ops.name, 1, "number", got: first) }
            nsValue = first
            if items.count > 1 {
                guard case .string(let name) = items[1] else { throw .operand(ops.name, 1, "string", got: items[1]) }
                switch TimeZoneDatabase.zone(named: name) {
                case .success(let z): zone = z
                case .failure(let e): throw .failure(ops.name, e.message)
                }
            }
            if items.count > 2 {
                guard case .string(let l) = items[2] else { throw .operand(ops.name, 1, "string", got: items[2]) }
                layout = l
            }
        case .number:
            break
        default:
            throw .operand(ops.name, 1, expected, got: ops[index])
        }
        guard case .number(let n) = nsValue, let ns = n.exactInt ?? nanoseconds(n) else {
            throw .failure(ops.name, "timestamp too big")
        }
        return (GoTime(unixNanoseconds: ns, zone: zone), layout)
    }

    /// OPA reads a timestamp as a big.Float of 64 bits and takes it when its Int64 is
    /// exact: `1e18` and `1.5e18` are times, `1.5` and `1e-5` are "timestamp too big".
    private static func nanoseconds(_ n: Number) -> Int64? {
        let f = n.binaryFloat
        guard f.isZero || f.exponent + f.mantissa.bitWidth <= 64 else { return nil }
        let (value, isExact) = f.truncated
        return isExact ? value.int64Value : nil
    }
}
