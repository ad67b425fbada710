// Clock's formats: ISO-8601 with milliseconds (logs, audit) and OPA's RFC 3339 with
// nanoseconds (decision-log events), whose fraction drops its trailing zeros as Go's
// RFC3339Nano does, and vanishes on a whole second; instants before 1970 round down.
import Testing
@testable import Sidecar

@Suite struct ClockTests {
    @Test(arguments: [
        (Int64(0), "1970-01-01T00:00:00Z"),
        (1_514_764_800_000_000_000, "2018-01-01T00:00:00Z"),
        (1_559_592_436_939_402_185, "2019-06-03T20:07:16.939402185Z"),
        (1_559_592_436_939_400_000, "2019-06-03T20:07:16.9394Z"),
        (1_559_592_436_100_000_000, "2019-06-03T20:07:16.1Z"),
        (1_559_592_436_000_000_001, "2019-06-03T20:07:16.000000001Z"),
        (-1, "1969-12-31T23:59:59.999999999Z"),
        // The ends of the range (Go's time.Unix(0, n).UTC() for both, as OPA would print).
        (Int64.max, "2262-04-11T23:47:16.854775807Z"),
        (Int64.min, "1677-09-21T00:12:43.145224192Z"),
        (951_782_400_000_000_000, "2000-02-29T00:00:00Z"),
    ])
    func rfc3339NanoIsOPAsTimestamp(nanos: Int64, text: String) {
        #expect(Clock.rfc3339Nano(nanos) == text)
    }

    @Test func theBurstWriterWritesWhatRFC3339NanoWrites() {
        // Instants within one second, across seconds, back in time, and the ends of the range.
        let instants: [Int64] = [1_559_592_436_939_402_185, 1_559_592_436_000_000_001, 1_559_592_437_000_000_000,
                                 1_559_592_436_5, 0, -1, Int64.max, Int64.min, 1_559_592_436_939_402_186]
        var writer = RFC3339NanoWriter()
        for nanos in instants {
            var out: [UInt8] = []
            writer.append(nanos, to: &out)
            #expect(String(decoding: out, as: UTF8.self) == Clock.rfc3339Nano(nanos))
        }
    }

    @Test func iso8601KeepsMilliseconds() {
        #expect(Clock.iso8601(1_559_592_436_939_402_185) == "2019-06-03T20:07:16.939Z")
        #expect(Clock.iso8601(0) == "1970-01-01T00:00:00.000Z")
        #expect(Clock.iso8601(-1) == "1969-12-31T23:59:59.999Z")
    }
}
