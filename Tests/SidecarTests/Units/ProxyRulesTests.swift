// Proxy building blocks without sockets: upstream URLs, hop-by-hop removal, request ids,
// error bodies.
import Testing
@testable import Sidecar

@Suite struct ProxyRulesTests {
    @Test(arguments: [
        ("http://agent:8000", "agent", 8000, "", "agent:8000"),
        ("http://agent", "agent", 80, "", "agent"),
        ("https://api.example.com/v1/", "api.example.com", 443, "/v1", "api.example.com"),
        ("HTTP://[::1]:9000/p?x=1", "::1", 9000, "/p", "[::1]:9000"),
    ])
    func parsesUpstreams(url: String, host: String, port: Int, prefix: String, hostHeader: String) {
        let upstream = Upstream(url: url)
        #expect(upstream?.host == host)
        #expect(upstream?.port == port)
        #expect(upstream?.pathPrefix == prefix)
        #expect(upstream?.hostHeader == hostHeader)
    }

    @Test(arguments: ["agent:8000", "ftp://x", "http://", "http://a:0", "http://a:70000", "http://u@a", "http://a:x"])
    func rejectsInvalidUpstreams(url: String) {
        #expect(Upstream(url: url) == nil)
    }

    @Test func invalidUpstreamNamesTheRule() {
        do {
            _ = try ReverseProxy(configuration: ReverseProxyConfiguration(upstream: "localhost:8000"))
            Issue.record("accepted an invalid upstream")
        } catch {
            #expect(error.message == "Invalid UPSTREAM_URL: \"localhost:8000\" — must use http: or https: protocol")
        }
    }

    @Test func hopByHopAndConnectionNamedFieldsAreRemoved() {
        var headers: HTTPHeaders = ["Connection": "X-A, close", "X-A": "1", "Keep-Alive": "5", "TE": "trailers",
                                    "Transfer-Encoding": "chunked", "Upgrade": "h2c", "X-B": "2", "Proxy-Connection": "keep-alive"]
        HopByHop.strip(&headers)
        #expect(headers.map(\.name) == ["X-B"])
    }

    /// Every hop-by-hop name is one, in any case, looked up by index or by name; names
    /// that are not (some sharing a prefix with one) are not.
    @Test(arguments: HopByHop.fields.map(\.text))
    func hopByHopNamesAreFoundInAnyCase(name: String) {
        var headers = HTTPHeaders([(name, "v"), (name.uppercased(), "v"), (name.lowercased(), "v"), ("X-B", "2"),
                                   (name + "s", "v"), ("X-" + name, "v")])
        #expect(headers.indices.map { HopByHop.isHopByHop(headers, at: $0) } == [true, true, true, false, false, false])
        HopByHop.strip(&headers)
        #expect(headers.map(\.name) == ["X-B", name + "s", "X-" + name])
    }

    @Test func requestIds() {
        #expect(RequestId.isSane("abc-123"))
        #expect(!RequestId.isSane(""))
        #expect(!RequestId.isSane("has space"))
        #expect(!RequestId.isSane(String(repeating: "a", count: 129)))
        let id = RequestId.generate()
        let bytes = Array(id.utf8)
        #expect(bytes.count == 36 && bytes[14] == UInt8(ascii: "4"))
        #expect("89ab".utf8.contains(bytes[19]))
        #expect(RequestId.resolve(["X-Request-Id": "keep-me"]) == "keep-me")
        #expect(RequestId.resolve(["X-Request-Id": "a", "x-request-id": "b"]) != "a")
    }

    /// Replays fixed words, so the generated id can be checked digit by digit.
    struct ReplayedWords: RandomNumberGenerator {
        var words: [UInt64]
        mutating func next() -> UInt64 { words.removeFirst() }
    }

    @Test(arguments: [
        (UInt64(0x0123_4567_89AB_CDEF), UInt64(0xFEDC_BA98_7654_3210)),
        (0, 0), (.max, .max), (0xA0B1_C2D3_E4F5_0617, 0x2839_4A5B_6C7D_8E9F),
    ])
    func generatedIdsSpellTheirBitsAsAVersion4UUID(high: UInt64, low: UInt64) {
        var words = ReplayedWords(words: [high, low])
        let id = RequestId.generate(using: &words)
        // The reference spelling: every nibble in order, version and variant bits set.
        let versioned = (high & 0xFFFF_FFFF_FFFF_0FFF) | 0x4000, varied = (low & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000
        let hex = [versioned, varied].map { word in
            let digits = String(word, radix: 16)
            return String(repeating: "0", count: 16 - digits.count) + digits
        }.joined()
        let digits = Array(hex)
        let expected = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(digits[$0]) }.joined(separator: "-")
        #expect(id == expected)
    }

    @Test func upstreamTargets() throws {
        let proxy = try ReverseProxy(configuration: ReverseProxyConfiguration(upstream: "http://127.0.0.1:1/base"))
        #expect(proxy.upstreamTarget("/x?y=1") == "/base/x?y=1")
        #expect(proxy.upstreamTarget("http://evil.example/p?q") == "/base/p?q")
        #expect(proxy.upstreamTarget("http://evil.example") == "/base/")
        #expect(proxy.upstreamTarget("*") == "/base")
    }

    @Test func errorBodiesAreJSON() {
        #expect(String(decoding: ErrorBody.json(status: 502, message: "a \"b\"\n", requestId: "r"), as: UTF8.self)
                == #"{"error":"BadGateway","message":"a \"b\"\n","requestId":"r"}"#)
        #expect(ErrorBody.name(for: 504) == "GatewayTimeout")
        #expect(ErrorBody.name(for: 431) == "RequestHeaderFieldsTooLarge")
    }

    @Test func headersLookupIsCaseInsensitiveAndKeepsOrder() {
        var headers: HTTPHeaders = ["Set-Cookie": "a", "X": "1"]
        headers.add(name: "set-cookie", value: "b")
        #expect(headers[all: "SET-COOKIE"] == ["a", "b"])
        #expect(headers[first: "x"] == "1")
        headers.replaceOrAdd(name: "x", value: "2")
        #expect(headers.map(\.value) == ["a", "b", "2"])
        #expect(HTTPHeaders([("Connection", " Keep-Alive ,, Close")]).tokens("connection") == ["keep-alive", "close"])
    }
}
