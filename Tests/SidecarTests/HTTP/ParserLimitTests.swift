// Parser limits: each limit answers with its status, whole or split at every point.
import Testing
@testable import Sidecar

@Suite struct ParserLimitTests {
    static func limits(_ change: (inout HTTPParserLimits) -> Void) -> HTTPParserLimits {
        var limits = HTTPParserLimits()
        change(&limits)
        return limits
    }

    @Test func longRequestLineIs414() {
        let input = "GET /" + String(repeating: "a", count: 40) + " HTTP/1.1\r\nHost: a\r\n\r\n"
        let events = ParserHarness.parseEverySplit(input, limits: Self.limits { $0.maxStartLineBytes = 32 })
        #expect(events == ["ERR 414"])
    }

    @Test func largeHeaderSectionIs431() {
        let input = "GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + String(repeating: "b", count: 80) + "\r\n\r\n"
        let events = ParserHarness.parseEverySplit(input, limits: Self.limits { $0.maxHeaderBytes = 64 })
        #expect(events == ["ERR 431"])
    }

    @Test func headerSectionExactlyAtLimitPasses() {
        let input = "GET / HTTP/1.1\r\nHost: a\r\n\r\n"
        let events = ParserHarness.parseEverySplit(input, limits: Self.limits { $0.maxHeaderBytes = input.utf8.count })
        #expect(events == ["REQ GET / HTTP/1.1 | Host: a", "END"])
    }

    @Test func tooManyHeadersIs431() {
        let input = "GET / HTTP/1.1\r\nHost: a\r\n" + (0..<5).map { "X-\($0): v\r\n" }.joined() + "\r\n"
        let events = ParserHarness.parseEverySplit(input, limits: Self.limits { $0.maxHeaderCount = 4 })
        #expect(events == ["ERR 431"])
    }

    @Test func declaredBodyOverLimitIs413BeforeAnyByte() {
        let input = "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\n"
        let events = ParserHarness.parseEverySplit(input, limits: Self.limits { $0.maxBodyBytes = 10 })
        #expect(events == ["REQ POST / HTTP/1.1 | Host: a | Content-Length: 11", "ERR 413"])
    }

    @Test func chunkedBodyOverLimitIs413() {
        let input = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nabcdef\r\n6\r\nghijkl\r\n0\r\n\r\n"
        let events = ParserHarness.parseEverySplit(input, limits: Self.limits { $0.maxBodyBytes = 10 })
        #expect(events == ["REQ POST / HTTP/1.1 | Host: a | Transfer-Encoding: chunked", "BODY abcdef", "ERR 413"])
    }

    /// With no body limit (MAX_REQUEST_BODY_BYTES=0), chunks stream on until their sum
    /// would pass Int.max: that is a framing error (400), not a trap.
    @Test func unlimitedChunkedBodyStillRefusesAnOverflowingSum() {
        let input = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n7ffffffffffffffd\r\n"
        let events = ParserHarness.parseEverySplit(input, limits: Self.limits { $0.maxBodyBytes = Int.max })
        #expect(events == ["REQ POST / HTTP/1.1 | Host: a | Transfer-Encoding: chunked", "BODY abc", "ERR 400"])
    }

    /// The largest chunk that still fits is a body in progress, not an error.
    @Test func unlimitedChunkedBodyAcceptsTheLargestRepresentableSum() {
        let input = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n7ffffffffffffffc\r\nxy"
        let events = ParserHarness.parseEverySplit(input, limits: Self.limits { $0.maxBodyBytes = Int.max })
        #expect(events == ["REQ POST / HTTP/1.1 | Host: a | Transfer-Encoding: chunked", "BODY abcxy"])
    }

    /// Limits set as high as they go (no limit) never overflow the parser's own sums.
    @Test func limitsAtIntMaxParseNormally() {
        let unlimited = Self.limits {
            $0.maxStartLineBytes = Int.max
            $0.maxHeaderBytes = Int.max
            $0.maxHeaderCount = Int.max
            $0.maxTrailerBytes = Int.max
            $0.maxChunkLineBytes = Int.max
            $0.maxBodyBytes = Int.max
        }
        let input = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\nX-T: 1\r\n\r\n"
        let events = ParserHarness.parseEverySplit(input, limits: unlimited)
        #expect(events == ["REQ POST / HTTP/1.1 | Host: a | Transfer-Encoding: chunked", "BODY abc", "END | X-T: 1"])
    }

    @Test func perRouteBodyLimitAppliesAfterHead() {
        var parser = HTTPParser(role: .request)
        parser.feed(Array("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello".utf8))
        guard case .requestHead = parser.next() else { Issue.record("no head"); return }
        parser.bodyLimit = 4
        #expect(parser.next() == .error(HTTPParseError(.bodyTooLarge, "Content-Length larger than 4 bytes")))
    }

    @Test func longChunkExtensionIs400() {
        let input = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n1;" + String(repeating: "e", count: 64) + "\r\na\r\n0\r\n\r\n"
        let events = ParserHarness.parseEverySplit(input, limits: Self.limits { $0.maxChunkLineBytes = 32 })
        #expect(events == ["REQ POST / HTTP/1.1 | Host: a | Transfer-Encoding: chunked", "ERR 400"])
    }

    @Test func largeTrailerSectionIs431() {
        let input = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-T: " + String(repeating: "t", count: 64) + "\r\n\r\n"
        let events = ParserHarness.parseEverySplit(input, limits: Self.limits { $0.maxTrailerBytes = 32 })
        #expect(events == ["REQ POST / HTTP/1.1 | Host: a | Transfer-Encoding: chunked", "ERR 431"])
    }
}
