// Response parsing: framing by status, request method, length, chunks or close.
import Testing
@testable import Sidecar

@Suite struct ResponseParserTests {
    @Test func contentLengthBody() {
        let events = ParserHarness.parseEverySplit("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi", role: .response)
        #expect(events == ["RES 200 OK | Content-Length: 2", "BODY hi", "END"])
    }

    @Test func aResetParserReadsTheNextResponseAsNew() {
        var parser = HTTPParser(role: .response)
        parser.requestMethod = .head
        parser.feed(Array("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n".utf8))
        #expect(parser.next() == .responseHead(HTTPResponseHead(status: 200, reason: "OK", headers: ["Content-Length": "5"])))
        #expect(parser.next() == .end(trailers: nil))
        // Half a head, an end of input and a failure are all forgotten by a reset.
        parser.feed(Array("HTTP/1.1 2".utf8))
        parser.feedEOF()
        #expect(parser.next() == .error(HTTPParseError(.truncated, "connection closed inside a message")))
        parser.reset(requestMethod: .get)
        parser.feed(Array("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi".utf8))
        #expect(parser.next() == .responseHead(HTTPResponseHead(status: 200, reason: "OK", headers: ["Content-Length": "2"])))
        #expect(parser.next() == .body(Array("hi".utf8)))
        #expect(parser.next() == .end(trailers: nil))
        #expect(parser.isIdle)
    }

    @Test func chunkedBodyWithTrailers() {
        let events = ParserHarness.parseEverySplit(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\nX-T: 1\r\n\r\n", role: .response)
        #expect(events == ["RES 200 OK | Transfer-Encoding: chunked", "BODY hi", "END | X-T: 1"])
    }

    /// An upstream's chunk sizes are summed with checked arithmetic too: past Int.max the
    /// response is malformed (the proxy's 502 or a closed stream), never a trap.
    @Test func chunkSizesSummingPastIntMaxFail() {
        let events = ParserHarness.parseEverySplit(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n7fffffffffffffff\r\n", role: .response)
        #expect(events == ["RES 200 OK | Transfer-Encoding: chunked", "BODY a", "ERR 400"])
    }

    /// A response whose Connection names its framing field is malformed (a proxy's 502).
    @Test(arguments: ["Content-Length: 2\r\nConnection: content-length", "Transfer-Encoding: chunked\r\nConnection: Transfer-Encoding"])
    func connectionNamingFramingFieldFails(fields: String) {
        let events = ParserHarness.parseEverySplit("HTTP/1.1 200 OK\r\n\(fields)\r\n\r\n2\r\nhi\r\n0\r\n\r\n", role: .response)
        #expect(events == ["ERR 400"])
    }

    @Test func bodyUntilClose() {
        let events = ParserHarness.parseEverySplit("HTTP/1.1 200 OK\r\n\r\nstream", role: .response, eof: true)
        #expect(events == ["RES 200 OK", "BODY stream", "END", "CLOSED"])
    }

    @Test func nonChunkedFinalCodingReadsUntilClose() {
        let events = ParserHarness.parseEverySplit("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nzz", role: .response, eof: true)
        #expect(events == ["RES 200 OK | Transfer-Encoding: gzip", "BODY zz", "END", "CLOSED"])
    }

    @Test(arguments: [204, 304])
    func noBodyStatuses(status: Int) {
        let events = ParserHarness.parseEverySplit("HTTP/1.1 \(status) X\r\nContent-Length: 5\r\n\r\n", role: .response)
        #expect(events == ["RES \(status) X | Content-Length: 5", "END"])
    }

    @Test func headResponseHasNoBody() {
        let events = ParserHarness.parseEverySplit("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n", role: .response,
                                                   requestMethod: .head)
        #expect(events == ["RES 200 OK | Content-Length: 5", "END"])
    }

    @Test func informationalThenFinal() {
        let events = ParserHarness.parseEverySplit(
            "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx", role: .response)
        #expect(events == ["RES 100 Continue", "RES 200 OK | Content-Length: 1", "BODY x", "END"])
    }

    @Test func statusLineWithoutReason() {
        let events = ParserHarness.parseEverySplit("HTTP/1.1 200 \r\nContent-Length: 0\r\n\r\n", role: .response)
        #expect(events == ["RES 200  | Content-Length: 0", "END"])
    }

    @Test(arguments: [
        "HTTP/1.1 20 OK\r\n\r\n",
        "HTTP/1.1 2000 OK\r\n\r\n",
        "HTTP/1.1 099 Low\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
        "HTTP/1.1 200 OK\r\nX: a\r\n folded\r\n\r\n",
        "HTTP/1.1 200 OK\nContent-Length: 0\r\n\r\n",
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\n\r\n",
        "ICY 200 OK\r\n\r\n",
        "HTTP/1.1 200 O\u{7F}K\r\n\r\n",
        "HTTP/1.1 2x0 OK\r\n\r\n",
    ])
    func rejectsMalformedResponse(input: String) {
        let events = ParserHarness.parseEverySplit(input, role: .response)
        #expect(events.last?.hasPrefix("ERR") == true, "\(events)")
    }

    @Test func truncatedChunkedBodyIsAnError() {
        let events = ParserHarness.parseEverySplit("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab",
                                                   role: .response, eof: true)
        #expect(events == ["RES 200 OK | Transfer-Encoding: chunked", "BODY ab", "ERR 400"])
    }
}
