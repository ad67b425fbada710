// time.*, units.parse, units.parse_bytes and semver.* against OPA's answers.
import Testing
@testable import PolicyVM

@Suite struct TimeUnitsSemverTests {
    static let results: [ResultCase] = [
        .init("time.parse_rfc3339_ns", ["2020-01-01T00:00:00Z"], 1577836800000000000),
        .init("time.parse_rfc3339_ns", ["2020-01-01T00:00:00.123456789+01:00"], 1577833200123456789),
        .init("time.parse_rfc3339_ns", ["2020-01-01T00:00:00.1234567891Z"], 1577836800123456789),
        .init("time.parse_rfc3339_ns", ["2020-01-01T00:00:00,5Z"], 1577836800500000000),
        .init("time.parse_rfc3339_ns", ["2020-01-01T00:00:00+24:00"], 1577750400000000000),
        .init("time.parse_rfc3339_ns", ["2020-01-01T00:00:00+01:60"], 1577829600000000000),
        .init("time.parse_rfc3339_ns", ["1969-12-31T23:59:59Z"], -1_000_000_000),
        .init("units.parse_bytes", ["1.5M"], 1500000),
        .init("units.parse_bytes", ["10KB"], 10000),
        .init("units.parse_bytes", ["10KiB"], 10240),
        .init("units.parse_bytes", ["1.5"], 1),
        .init("units.parse_bytes", ["0.5"], 0),
        .init("units.parse_bytes", ["-1.5k"], -1500),
        .init("units.parse_bytes", ["\"10kib\""], 10240),
        .init("units.parse_bytes", ["1e3kb"], 1000000),
        // units.parse (values from OPA v1.20.2): exact rationals, milli as the float64
        // 0.001, fractions with exactly ten decimals.
        .init("units.parse", ["1.5K"], 1500),
        .init("units.parse", ["10Ki"], 10240),
        .init("units.parse", ["1M"], 1000000),
        .init("units.parse", ["1Mi"], 1048576),
        .init("units.parse", ["1m"], .number(Number(text: "0.0010000000")!)),
        .init("units.parse", ["0.1m"], .number(Number(text: "0.0001000000")!)),
        .init("units.parse", ["3.333333333333333333333k"], .number(Number(text: "3333.3333333333")!)),
        .init("units.parse", ["\"2G\""], 2000000000),
        .init("units.parse", ["12345678901234567890"], .number(Number(text: "12345678901234567890")!)),
        .init("semver.compare", ["v1.0.0", "1.0.0"], 0),
        .init("semver.compare", ["1.0.0-alpha", "1.0.0-alpha.1"], -1),
        .init("semver.compare", ["1.0.0-alpha.10", "1.0.0-alpha.9"], 1),
        .init("semver.compare", ["01.0.0", "1.0.0"], 0),
        .init("semver.compare", ["1.0.0+a", "1.0.0+b"], 0),
        .init("semver.compare", ["1.0.0-rc.1", "1.0.0"], -1),
        .init("semver.compare", ["2.0.0", "1.9.9"], 1),
        .init("semver.is_valid", [1], false),
        .init("semver.is_valid", ["1.0.0-"], true),
        .init("semver.is_valid", ["1.0"], false),
        .init("semver.is_valid", ["+1.0.0"], false),
        .init("semver.is_valid", ["1.0.0-01"], true),
    ]

    @Test(arguments: results) func result(_ c: ResultCase) { check(c) }

    static let errors: [ErrorCase] = [
        .init("time.parse_rfc3339_ns", ["x"], .builtin, "time.parse_rfc3339_ns: parsing time \"x\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"x\" as \"2006\""),
        .init("time.parse_rfc3339_ns", ["2020-13-01T00:00:00Z"], .builtin, "time.parse_rfc3339_ns: parsing time \"2020-13-01T00:00:00Z\": month out of range"),
        .init("time.parse_rfc3339_ns", ["2020-02-30T00:00:00Z"], .builtin, "time.parse_rfc3339_ns: parsing time \"2020-02-30T00:00:00Z\": day out of range"),
        .init("time.parse_rfc3339_ns", ["2020-01-01T25:00:00Z"], .builtin, "time.parse_rfc3339_ns: parsing time \"2020-01-01T25:00:00Z\": hour out of range"),
        .init("time.parse_rfc3339_ns", ["2020-01-01T00:00:00"], .builtin, "time.parse_rfc3339_ns: parsing time \"2020-01-01T00:00:00\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"\" as \"Z07:00\""),
        .init("time.parse_rfc3339_ns", ["2020-01-01t00:00:00z"], .builtin, "time.parse_rfc3339_ns: parsing time \"2020-01-01t00:00:00z\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"t00:00:00z\" as \"T\""),
        .init("time.parse_rfc3339_ns", ["2020-01-01T00:00:00Zjunk"], .builtin, "time.parse_rfc3339_ns: parsing time \"2020-01-01T00:00:00Zjunk\": extra text: \"junk\""),
        .init("time.parse_rfc3339_ns", ["2020-1-01T00:00:00Z"], .builtin, "time.parse_rfc3339_ns: parsing time \"2020-1-01T00:00:00Z\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"1-01T00:00:00Z\" as \"01\""),
        .init("time.parse_rfc3339_ns", ["2020-01-01T00:00:60Z"], .builtin, "time.parse_rfc3339_ns: parsing time \"2020-01-01T00:00:60Z\": second out of range"),
        .init("time.parse_rfc3339_ns", ["3000-01-01T00:00:00Z"], .builtin, "time.parse_rfc3339_ns: time outside of valid range"),
        .init("time.parse_rfc3339_ns", ["2020-01-01T00:00:00.Z"], .builtin, "time.parse_rfc3339_ns: parsing time \"2020-01-01T00:00:00.Z\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \".Z\" as \"Z07:00\""),
        .init("time.parse_rfc3339_ns", ["2020-01-01T00:00:00+0100"], .builtin, "time.parse_rfc3339_ns: parsing time \"2020-01-01T00:00:00+0100\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"+0100\" as \"Z07:00\""),
        .init("time.parse_rfc3339_ns", ["20201-01-01T00:00:00Z"], .builtin, "time.parse_rfc3339_ns: parsing time \"20201-01-01T00:00:00Z\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"1-01-01T00:00:00Z\" as \"-\""),
        .init("units.parse_bytes", ["10 KB"], .builtin, "units.parse_bytes: units.parse_bytes: spaces not allowed in resource strings"),
        .init("units.parse", ["1x"], .builtin, "units.parse: units.parse: unit x not recognized"),
        .init("units.parse", [""], .builtin, "units.parse: units.parse: no amount provided"),
        .init("units.parse", ["1 K"], .builtin, "units.parse: units.parse: spaces not allowed in resource strings"),
        .init("units.parse", ["1e9999999"], .builtin, "units.parse: units.parse: exponent too large"),
        .init("units.parse", ["1.2.3"], .builtin, "units.parse: units.parse: could not parse amount to a number"),
        .init("units.parse_bytes", ["0.5B"], .builtin, "units.parse_bytes: units.parse_bytes: byte unit b not recognized"),
        .init("units.parse_bytes", ["10XB"], .builtin, "units.parse_bytes: units.parse_bytes: byte unit xb not recognized"),
        .init("units.parse_bytes", ["KB"], .builtin, "units.parse_bytes: units.parse_bytes: no byte amount provided"),
        .init("units.parse_bytes", ["1..5kb"], .builtin, "units.parse_bytes: units.parse_bytes: could not parse byte amount to a number"),
        .init("semver.compare", ["x", "1.0.0"], .builtin, "semver.compare: operand 1: string \"x\" is not a valid SemVer"),
        .init("semver.compare", ["1.0.0", "x"], .builtin, "semver.compare: operand 2: string \"x\" is not a valid SemVer"),
    ]

    @Test(arguments: errors) func error(_ c: ErrorCase) { check(c) }

    @Test func nowIsTheEvaluationInstant() throws {
        #expect(try Call.run("time.now_ns", [], now: 1_700_000_000_000_000_000) == .number(.int(1_700_000_000_000_000_000)))
    }
}
