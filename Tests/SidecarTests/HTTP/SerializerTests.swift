// Serialisation: heads and chunks as bytes, and injection attempts dropped.
import Testing
@testable import Sidecar

@Suite struct SerializerTests {
    @Test func responseHead() {
        var buffer: [UInt8] = []
        HTTPSerializer.write(HTTPResponseHead(status: 404, headers: ["Content-Length": "0", "X-A": "b"]), into: &buffer)
        #expect(String(decoding: buffer, as: UTF8.self) == "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nX-A: b\r\n\r\n")
    }

    @Test func requestHeadRoundTrips() {
        let head = HTTPRequestHead(method: .post, target: "/a?b=c", headers: ["Host": "up", "Content-Length": "3"])
        var buffer: [UInt8] = []
        HTTPSerializer.write(head, into: &buffer)
        buffer.append(contentsOf: "abc".utf8)
        var parser = HTTPParser(role: .request)
        parser.feed(buffer)
        #expect(parser.next() == .requestHead(head))
        #expect(parser.next() == .body(Array("abc".utf8)))
    }

    @Test func headerInjectionIsDropped() {
        var buffer: [UInt8] = []
        HTTPSerializer.write(HTTPResponseHead(status: 200, headers: ["X-A": "b\r\nSet-Cookie: evil", "X B": "c", "Ok": "1"]),
                             into: &buffer)
        #expect(String(decoding: buffer, as: UTF8.self) == "HTTP/1.1 200 OK\r\nOk: 1\r\n\r\n")
    }

    @Test func chunks() {
        var buffer: [UInt8] = []
        HTTPSerializer.writeChunk(Array(repeating: UInt8(ascii: "x"), count: 26), into: &buffer)
        HTTPSerializer.writeChunk([UInt8](), into: &buffer)
        HTTPSerializer.writeLastChunk(trailers: ["X-T": "1"], into: &buffer)
        #expect(String(decoding: buffer, as: UTF8.self) == "1a\r\n" + String(repeating: "x", count: 26) + "\r\n0\r\nX-T: 1\r\n\r\n")
    }

    @Test func imfFixdate() {
        #expect(HTTPDate.imfFixdate(epochSeconds: 784_111_777) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(HTTPDate.imfFixdate(epochSeconds: 0) == "Thu, 01 Jan 1970 00:00:00 GMT")
    }
}
