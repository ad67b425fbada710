// Request parsing on raw bytes: each case is checked whole, as every prefix, split at
// every point and byte by byte (see ParserHarness).
import Testing
@testable import Sidecar

@Suite struct RequestParserTests {
    static let valid: [(String, [String])] = [
        ("GET / HTTP/1.1\r\nHost: a\r\n\r\n",
         ["REQ GET / HTTP/1.1 | Host: a", "END"]),
        ("GET /p?q=1&r=%20 HTTP/1.0\r\n\r\n",
         ["REQ GET /p?q=1&r=%20 HTTP/1.0", "END"]),
        ("POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello",
         ["REQ POST /x HTTP/1.1 | Host: a | Content-Length: 5", "BODY hello", "END"]),
        ("POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n",
         ["REQ POST /x HTTP/1.1 | Host: a | Content-Length: 0", "END"]),
        ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6;ext=1;q=\"x\"\r\n world\r\n0\r\n\r\n",
         ["REQ POST / HTTP/1.1 | Host: a | Transfer-Encoding: chunked", "BODY hello world", "END"]),
        ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: Chunked\r\n\r\nA\r\n0123456789\r\n0\r\nX-Sum: 1\r\nX-B: 2\r\n\r\n",
         ["REQ POST / HTTP/1.1 | Host: a | Transfer-Encoding: Chunked", "BODY 0123456789", "END | X-Sum: 1 | X-B: 2"]),
        ("GET / HTTP/1.1\r\nHost: a\r\nX-A:  padded value \t\r\nx-a: second\r\n\r\n",
         ["REQ GET / HTTP/1.1 | Host: a | X-A: padded value | x-a: second", "END"]),
        ("GET / HTTP/1.1\r\nHost: a\r\nEmpty:\r\n\r\n",
         ["REQ GET / HTTP/1.1 | Host: a | Empty: ", "END"]),
        // Pipelined requests are delivered one after another, in order.
        ("GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\n",
         ["REQ GET /1 HTTP/1.1 | Host: a", "END", "REQ GET /2 HTTP/1.1 | Host: a", "END"]),
        // A stray CRLF before a request line is ignored (RFC 9112 §2.2).
        ("\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n",
         ["REQ GET / HTTP/1.1 | Host: a", "END"]),
        // …between pipelined requests too, however the reads were split (the fuzz test
        // found the whole-buffer case refusing what byte-by-byte reads accepted).
        ("POST /1 HTTP/1.1\r\nHost: a\r\nContent-Length: 20\r\n\r\n01234567890123456789\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\n",
         ["REQ POST /1 HTTP/1.1 | Host: a | Content-Length: 20", "BODY 01234567890123456789", "END", "REQ GET /2 HTTP/1.1 | Host: a", "END"]),
        ("GET /1 HTTP/1.1\r\nHost: a\r\n\r\n" + String(repeating: "\r\n", count: 8) + "GET /2 HTTP/1.1\r\nHost: a\r\n\r\n",
         ["REQ GET /1 HTTP/1.1 | Host: a", "END", "REQ GET /2 HTTP/1.1 | Host: a", "END"]),
        ("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n", ["REQ OPTIONS * HTTP/1.1 | Host: a", "END"]),
        ("GET http://a.example/x?y HTTP/1.1\r\nHost: a.example\r\n\r\n",
         ["REQ GET http://a.example/x?y HTTP/1.1 | Host: a.example", "END"]),
        ("CONNECT a.example:443 HTTP/1.1\r\nHost: a.example:443\r\n\r\n",
         ["REQ CONNECT a.example:443 HTTP/1.1 | Host: a.example:443", "END"]),
        ("GET / HTTP/1.1\r\nHost: [::1]:80\r\nX-Obs: caf\u{e9}\r\n\r\n",
         ["REQ GET / HTTP/1.1 | Host: [::1]:80 | X-Obs: caf\u{e9}", "END"]),
    ]

    @Test(arguments: valid)
    func parsesValidRequest(input: String, expected: [String]) {
        #expect(ParserHarness.parseEverySplit(input) == expected)
    }

    static let invalid: [(String, Int)] = [
        ("GET / HTTP/1.1\r\n\r\n", 400),                              // no Host in HTTP/1.1
        ("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),         // two Host lines
        ("GET / HTTP/1.1\r\nHost: a b\r\n\r\n", 400),                  // invalid Host value
        ("GET / HTTP/1.1\r\nHost: u@a\r\n\r\n", 400),
        ("GET  / HTTP/1.1\r\nHost: a\r\n\r\n", 400),                   // two spaces
        ("GET / HTTP/1.1 \r\nHost: a\r\n\r\n", 400),                   // trailing space
        ("GET / HTTP/2.0\r\nHost: a\r\n\r\n", 505),
        ("GET / HTTP/1.10\r\nHost: a\r\n\r\n", 400),
        ("GET / http/1.1\r\nHost: a\r\n\r\n", 400),
        ("G(T / HTTP/1.1\r\nHost: a\r\n\r\n", 400),                    // method not a token
        ("GET /a b HTTP/1.1\r\nHost: a\r\n\r\n", 400),
        ("GET /a\"b HTTP/1.1\r\nHost: a\r\n\r\n", 400),                // invalid target byte
        ("GET /%zz HTTP/1.1\r\nHost: a\r\n\r\n", 400),                 // bad percent-encoding
        ("GET /%4 HTTP/1.1\r\nHost: a\r\n\r\n", 400),
        ("GET /a#frag HTTP/1.1\r\nHost: a\r\n\r\n", 400),
        ("GET * HTTP/1.1\r\nHost: a\r\n\r\n", 400),                    // asterisk outside OPTIONS
        ("GET a/b HTTP/1.1\r\nHost: a\r\n\r\n", 400),                  // no valid form
        // Userinfo in an absolute-form target (RFC 9110 §4.2.4: treat it as an error); it
        // would be kept in the audit ring and the logs as sent.
        ("GET http://admin:hunter2@a.example/x HTTP/1.1\r\nHost: a.example\r\n\r\n", 400),
        ("GET http://token@a.example?q HTTP/1.1\r\nHost: a.example\r\n\r\n", 400),
        ("CONNECT /x HTTP/1.1\r\nHost: a\r\n\r\n", 400),
        ("GET /\u{e9} HTTP/1.1\r\nHost: a\r\n\r\n", 400),              // non-ASCII target
        ("GET / HTTP/1.1\r\nHost: a\r\nX-A : b\r\n\r\n", 400),         // space before colon
        ("GET / HTTP/1.1\r\nHost: a\r\nX-A\t: b\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: a\r\nX-A: b\r\n c\r\n\r\n", 400),    // obs-fold
        ("GET / HTTP/1.1\r\nHost: a\r\nX-A: b\r\n\tc\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: a\r\nX-A: b\u{01}c\r\n\r\n", 400),   // control character
        ("GET / HTTP/1.1\r\nHost: a\r\nX-A: b\u{7f}\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: a\r\nX-A: b\0c\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: a\r\nX-A: b\rc\r\n\r\n", 400),       // bare CR in value
        ("GET / HTTP/1.1\r\nHost: a\r\nX-\rA: b\r\n\r\n", 400),        // bare CR in name
        ("GET / HTTP/1.1\nHost: a\r\n\r\n", 400),                      // bare LF
        ("GET / HTTP/1.1\r\nHost: a\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: a\r\n\n", 400),
        ("GET / HTTP/1.1\r\nHost: a\r\nNoColon\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: a\r\n: novalue\r\n\r\n", 400),       // empty name
        ("GET / HTTP/1.1\r\nHost: a\r\nX(A): b\r\n\r\n", 400),
        ("\u{16}\u{03}\u{01}\0\u{a5}\u{01}\0\0\r\n\r\n", 400),         // TLS hello on plain port
        // Sixteen bytes of empty lines are skipped, not more, in one read or in many.
        (String(repeating: "\r\n", count: 9) + "GET / HTTP/1.1\r\nHost: a\r\n\r\n", 400),
    ]

    @Test(arguments: invalid)
    func rejectsInvalidRequest(input: String, status: Int) {
        let events = ParserHarness.parseEverySplit(input)
        #expect(events.last == "ERR \(status)", "\(events)")
        #expect(!events.contains { $0.hasPrefix("REQ") })
    }

    /// After a message of more than 4 KiB the parser drops the bytes it has read (see
    /// `feed`) even while the next head is half in: the line ends it found in that head
    /// move with the bytes, and the head reads as if it had come whole.
    @Test func headCutAfterALargeMessageKeepsItsLines() {
        let body = String(repeating: "b", count: 5000)
        let first = "POST /1 HTTP/1.1\r\nHost: a\r\nContent-Length: 5000\r\n\r\n" + body
        let bytes = Array((first + "GET /2 HTTP/1.1\r\nHost: a\r\nX-A: 1\r\n\r\n").utf8)
        // Cut inside the second head, after its request line and first field line.
        let cut = first.utf8.count + "GET /2 HTTP/1.1\r\nHost: a\r\nX-".utf8.count
        let events = ParserHarness.run([bytes[..<cut], bytes[cut...]])
        #expect(events == ["REQ POST /1 HTTP/1.1 | Host: a | Content-Length: 5000", "BODY " + body, "END",
                           "REQ GET /2 HTTP/1.1 | Host: a | X-A: 1", "END"])
    }

    @Test func closedBetweenMessagesIsClean() {
        let events = ParserHarness.parseEverySplit("GET / HTTP/1.1\r\nHost: a\r\n\r\n", eof: true)
        #expect(events == ["REQ GET / HTTP/1.1 | Host: a", "END", "CLOSED"])
    }

    @Test func closedInsideABodyIsTruncated() {
        let events = ParserHarness.parseEverySplit("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 9\r\n\r\nabc", eof: true)
        #expect(events == ["REQ POST / HTTP/1.1 | Host: a | Content-Length: 9", "BODY abc", "ERR 400"])
    }

    @Test func errorIsSticky() {
        var parser = HTTPParser(role: .request)
        parser.feed(Array("GET / HTTP/1.1\r\nHost: a\r\nBad Name: x\r\n\r\n".utf8))
        #expect(parser.next() == .error(HTTPParseError(.badRequest, "invalid field name")))
        parser.feed(Array("GET / HTTP/1.1\r\nHost: a\r\n\r\n".utf8))
        if case .error = parser.next() {} else { Issue.record("parser resynchronised after an error") }
    }

    @Test func expectContinueAndKeepAlive() {
        var parser = HTTPParser(role: .request)
        parser.feed(Array("PUT / HTTP/1.1\r\nHost: a\r\nExpect: 100-Continue\r\nConnection: Close\r\nContent-Length: 1\r\n\r\n".utf8))
        guard case .requestHead(let head) = parser.next() else { Issue.record("no head"); return }
        #expect(head.expectsContinue)
        #expect(!head.isKeepAlive)
        #expect(HTTPRequestHead(method: .get, target: "/", version: .http1_0).isKeepAlive == false)
        #expect(HTTPRequestHead(method: .get, target: "/", version: .http1_0,
                                headers: ["Connection": "keep-alive"]).isKeepAlive)
        #expect(HTTPRequestHead(method: .get, target: "/").isKeepAlive)
    }

    @Test(arguments: ["GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "PATCH", "TRACE",
                      "get", "GETS", "GE", "PROPFIND", "M-SEARCH", "A", "LONGERTHANEIGHT"])
    func methodsReadFromBytesKeepTheirSpelling(text: String) {
        // Methods are case-sensitive (RFC 9110 §9.1): only exact spellings are the constants.
        #expect(HTTPMethod(bytes: Array(text.utf8)).rawValue == text)
        var parser = HTTPParser(role: .request)
        let target = text == "CONNECT" ? "h:443" : "/x"  // CONNECT takes the authority form
        parser.feed(Array("\(text) \(target) HTTP/1.1\r\nHost: h\r\n\r\n".utf8))
        guard case .requestHead(let head) = parser.next() else { Issue.record("no head for \(text)"); return }
        #expect(head.method == HTTPMethod(text))
    }
}
