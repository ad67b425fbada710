// HTTPHeaders on its byte storage: prepared and text lookups agree, fields copied as
// bytes keep their value and validity, removal keeps order and compacts the storage.
import Testing
@testable import Sidecar

@Suite struct HTTPHeadersTests {
    static let mixed: HTTPHeaders = ["Content-Length": "3", "x-a": "1", "X-A": "2", "X_A": "3", "Host": "h"]

    @Test(arguments: ["content-length", "X-A", "x_a", "HOST", "Absent", "X-AB", ""])
    func preparedAndTextLookupsAgree(name: String) {
        let prepared = HTTPFieldName(name)
        let headers = Self.mixed
        #expect(headers[all: prepared] == headers[all: name])
        #expect(headers[first: prepared] == headers[first: name])
        #expect(headers.count(of: prepared) == headers.count(of: name))
        #expect(headers.contains(prepared) == headers.contains(name: name))
        #expect(headers.indices.filter { headers.name(at: $0, is: prepared) }.map(headers.name(at:))
                == headers.map(\.name).filter { HTTPHeaders.namesEqual($0, name) })
    }

    @Test func lookupsFoldCaseButNotPunctuation() {
        #expect(Self.mixed[all: "x-a"] == ["1", "2"])
        #expect(Self.mixed[all: "x_a"] == ["3"])
        #expect(Self.mixed.name(at: 0, hasPrefix: HTTPFieldName("CONTENT-")))
        #expect(!Self.mixed.name(at: 1, hasPrefix: HTTPFieldName("x-ab")))
    }

    @Test func copiedFieldsKeepTheirBytesAndValidity() {
        var source = HTTPHeaders()
        source.add(name: "X-Obs", value: "caf\u{e9}")
        source.add(name: "X-Bad", value: "a\r\nInjected: 1")
        source.add(name: "Bad Name", value: "x")
        var copy = HTTPHeaders()
        for index in source.indices.reversed() { copy.append(fieldAt: index, of: source) }
        #expect(copy.map(\.name) == ["Bad Name", "X-Bad", "X-Obs"])
        #expect(copy[first: "x-obs"] == "caf\u{e9}")
        var buffer: [UInt8] = []
        HTTPSerializer.writeFields(copy, into: &buffer)
        #expect(String(decoding: buffer, as: UTF8.self) == "X-Obs: caf\u{e9}\r\n\r\n")
    }

    @Test func parsedFieldsWithWhitespaceCopyAndWriteTrimmed() {
        var parser = HTTPParser(role: .request)
        parser.feed(Array("GET / HTTP/1.1\r\nHost: h\r\nX-A:  \t spaced value \t\r\nX-B:v\r\n\r\n".utf8))
        guard case .requestHead(let head) = parser.next() else { Issue.record("no head"); return }
        #expect(head.headers == HTTPHeaders([("Host", "h"), ("X-A", "spaced value"), ("X-B", "v")]))
        var copy = HTTPHeaders()
        for index in head.headers.indices.reversed() { copy.append(fieldAt: index, of: head.headers) }
        #expect(copy.map(\.value) == ["v", "spaced value", "h"])
        copy.remove(name: "x-b")
        var buffer: [UInt8] = []
        HTTPSerializer.writeFields(copy, into: &buffer)
        #expect(String(decoding: buffer, as: UTF8.self) == "X-A: spaced value\r\nHost: h\r\n\r\n")
    }

    @Test func removalKeepsOrderAndCompactsTheStorage() {
        var headers = HTTPHeaders()
        let long = String(repeating: "v", count: 60)
        for index in 0..<200 { headers.add(name: index % 2 == 0 ? "X-Drop" : "X-Keep-\(index)", value: long + String(index)) }
        headers.remove(name: "x-drop")
        #expect(headers.count == 100)
        headers.removeAll(whereName: { $0.hasPrefix(HTTPFieldName("x-keep-1")) })
        let expected = (0..<200).filter { $0 % 2 == 1 && !String($0).hasPrefix("1") }
        #expect(headers.map(\.name) == expected.map { "X-Keep-\($0)" })
        #expect(headers.map(\.value) == expected.map { long + String($0) })
        #expect(headers == HTTPHeaders(expected.map { ("X-Keep-\($0)", long + String($0)) }))
        headers.replaceOrAdd(.xRequestId, value: "r")
        #expect(headers[first: .xRequestId] == "r" && headers.count == expected.count + 1)
    }

    @Test func copiesAreIndependentValuesWhateverTheSpareCapacity() {
        // Room to spare: an append to one copy must not land in storage the other reads.
        var original = HTTPHeaders(reservingCapacity: 8, byteCapacity: 512)
        original.add(name: "A", value: "1")
        var copy = original
        copy.add(name: "B", value: "2")
        original.add(name: "C", value: "3")
        #expect(original.map(\.name) == ["A", "C"])
        #expect(copy.map(\.name) == ["A", "B"])
        // Removal and replacement on a shared value leave the other intact.
        var removed = copy
        removed.remove(name: "a")
        removed.replaceOrAdd(name: "B", value: "changed")
        #expect(copy == HTTPHeaders([("A", "1"), ("B", "2")]))
        #expect(removed == HTTPHeaders([("B", "changed")]))
        // Growth past the capacity keeps every field, in order.
        var grown = HTTPHeaders(reservingCapacity: 1, byteCapacity: 1)
        for index in 0..<50 { grown.add(name: "X-\(index)", value: String(repeating: "v", count: index)) }
        #expect(grown.count == 50 && grown.indices.allSatisfy { grown.value(at: $0).count == $0 })
        #expect(HTTPHeaders().isEmpty && HTTPHeaders().byteCount == 0 && HTTPHeaders()[first: "A"] == nil)
    }

    @Test func equalityComparesNamesAndValuesExactly() {
        #expect(HTTPHeaders([("A", "1")]) != HTTPHeaders([("a", "1")]))
        #expect(HTTPHeaders([("A", "1"), ("B", "2")]) != HTTPHeaders([("B", "2"), ("A", "1")]))
        #expect(HTTPHeaders([("AB", "C")]) != HTTPHeaders([("A", "BC")]))
        #expect(HTTPHeaders([("A", "1")]) == HTTPHeaders([("A", "1")]))
    }
}
