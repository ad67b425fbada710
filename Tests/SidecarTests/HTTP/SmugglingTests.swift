// Request-smuggling cases: every framing ambiguity a front end and a back end could
// read differently must be rejected, whole and split at every point, never resynced.
import Testing
@testable import Sidecar

@Suite struct SmugglingTests {
    static let cases: [(String, String, Int)] = [
        ("CL.TE", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nG", 400),
        ("TE.CL", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n8\r\nSMUGGLED\r\n0\r\n\r\n", 400),
        ("duplicate identical CL", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc", 400),
        ("differing CL", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", 400),
        ("CL list", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3, 3\r\n\r\nabc", 400),
        ("CL plus sign", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +3\r\n\r\nabc", 400),
        ("CL minus sign", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n", 400),
        ("CL inner space", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1 2\r\n\r\n", 400),
        ("CL hex", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0x3\r\n\r\nabc", 400),
        ("CL empty", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length:\r\n\r\n", 400),
        ("CL overflow", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999999\r\n\r\n", 400),
        ("TE not final chunked", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", 501),
        ("TE unknown coding", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n", 501),
        ("TE obfuscated value", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: xchunked\r\n\r\n", 501),
        ("TE chunked twice", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
        ("TE empty element", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: ,chunked\r\n\r\n0\r\n\r\n", 400),
        ("TE in HTTP/1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
        ("TE space before colon", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding : chunked\r\nContent-Length: 3\r\n\r\nabc", 400),
        ("TE obs-fold", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding:\r\n chunked\r\n\r\n0\r\n\r\n", 400),
        ("TE vertical tab", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding:\u{0b}chunked\r\n\r\n0\r\n\r\n", 400),
        ("CL bare-LF header", "POST / HTTP/1.1\r\nHost: a\r\nX: y\nContent-Length: 3\r\n\r\nabc", 400),
        ("chunk size overflow", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFF1\r\nabc\r\n0\r\n\r\n", 400),
        // 1 + 0x7fffffffffffffff is past Int.max: the sum of chunk sizes is checked.
        ("chunk sizes sum past Int.max", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n7fffffffffffffff\r\n", 400),
        ("chunk sizes sum past Int.max later", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n1\r\nc\r\n7ffffffffffffffe\r\n", 400),
        // A field that frames the message may not be a connection option (RFC 9110 §7.6.1):
        // a proxy that removed it would leave the body to be read as the next request.
        ("Connection names Content-Length", "POST / HTTP/1.1\r\nHost: a\r\nConnection: Content-Length\r\nContent-Length: 29\r\n\r\nGET /admin HTTP/1.1\r\nHost: a\r\n\r\n", 400),
        ("Connection lists content-length second", "POST / HTTP/1.1\r\nHost: a\r\nConnection: close,\tcontent-LENGTH \r\nContent-Length: 3\r\n\r\nabc", 400),
        ("second Connection line names it", "POST / HTTP/1.1\r\nHost: a\r\nConnection: keep-alive\r\nConnection: x, Content-Length\r\nContent-Length: 3\r\n\r\nabc", 400),
        ("Connection names Transfer-Encoding", "POST / HTTP/1.1\r\nHost: a\r\nConnection: Transfer-Encoding\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n", 400),
        ("Connection names Content-Length without one", "GET / HTTP/1.1\r\nHost: a\r\nConnection: content-length\r\n\r\n", 400),
        ("chunk size negative", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n-1\r\nabc\r\n0\r\n\r\n", 400),
        ("chunk size 0x prefix", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0x3\r\nabc\r\n0\r\n\r\n", 400),
        ("chunk size trailing space", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3 \r\nabc\r\n0\r\n\r\n", 400),
        ("chunk size bare LF", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\nabc\r\n0\r\n\r\n", 400),
        ("chunk data too long", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcd\r\n0\r\n\r\n", 400),
        ("chunk data bare LF end", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\n0\r\n\r\n", 400),
        ("chunk extension with CTL", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3;a\u{01}b\r\nabc\r\n0\r\n\r\n", 400),
        ("chunk extension bare CR", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3;a\rb\r\nabc\r\n0\r\n\r\n", 400),
        ("last chunk bare LF trailer", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\n", 400),
        ("trailer obs-fold", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX: a\r\n b\r\n\r\n", 400),
        ("header NUL", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\0\r\n\r\nabc", 400),
        ("request line bare CR", "GET /\r HTTP/1.1\r\nHost: a\r\n\r\n", 400),
    ]

    @Test(arguments: cases)
    func rejectsAmbiguousFraming(name: String, input: String, status: Int) {
        let events = ParserHarness.parseEverySplit(input)
        #expect(events.last == "ERR \(status)", "\(name): \(events)")
        #expect(events.filter { $0.hasPrefix("REQ") }.count <= 1, "\(name): a second request was parsed")
    }

    /// Bytes after a rejected request are never parsed as a new request.
    @Test func smuggledRequestIsNeverSeen() {
        var parser = HTTPParser(role: .request)
        parser.feed(Array("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /admin HTTP/1.1\r\nHost: a\r\n\r\n".utf8))
        for _ in 0..<5 {
            if case .requestHead(let head) = parser.next() { #expect(head.target != "/admin") }
        }
    }

    /// Options that only look like framing names are ordinary connection options.
    @Test(arguments: ["Content-Length-X", "x-content-length", "Transfer-Encodings", "TE", "keep-alive, close"])
    func connectionOptionsNearFramingNamesPass(option: String) {
        let input = "POST / HTTP/1.1\r\nHost: a\r\nConnection: \(option)\r\nContent-Length: 3\r\n\r\nabc"
        let events = ParserHarness.parseEverySplit(input)
        #expect(events == ["REQ POST / HTTP/1.1 | Host: a | Connection: \(option) | Content-Length: 3", "BODY abc", "END"])
    }

    /// Body bytes of a valid request that look like a request stay body bytes.
    @Test func requestInsideABodyStaysBody() {
        let inner = "GET /admin HTTP/1.1\r\nHost: a\r\n\r\n"
        let input = "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: \(inner.utf8.count)\r\n\r\n" + inner
        let events = ParserHarness.parseEverySplit(input)
        #expect(events == ["REQ POST / HTTP/1.1 | Host: a | Content-Length: \(inner.utf8.count)", "BODY " + inner, "END"])
    }
}
