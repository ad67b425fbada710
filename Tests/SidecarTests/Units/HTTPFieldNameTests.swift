// The prepared field names are written out as literals with their keys; each must be
// what `HTTPFieldName(_:)` computes from its spelling, or lookups by it would miss.
import Testing
@testable import Sidecar

@Suite struct HTTPFieldNameTests {
    @Test(arguments: HTTPFieldName.prepared.map(\.text))
    func aPreparedNameMatchesTheNameBuiltAtRunTime(text: String) throws {
        let prepared = try #require(HTTPFieldName.prepared.first { $0.text == text })
        let built = HTTPFieldName(text)
        #expect(prepared.key == built.key)
        #expect(prepared.isToken && built.isToken)
        let preparedLowercase = prepared.lowercase.withBytes { Array($0) }
        #expect(preparedLowercase == built.lowercase.withBytes { Array($0) })
        #expect(preparedLowercase == Array(text.lowercased().utf8))
        // Both find the field whatever its case.
        let headers = HTTPHeaders([("Other", "1"), (text.uppercased(), "2")])
        #expect(headers[first: prepared] == "2" && headers[first: built] == "2")
    }

    @Test func preparedNamesAreDistinct() {
        #expect(Set(HTTPFieldName.prepared.map(\.key)).count == HTTPFieldName.prepared.count)
    }

    /// The word-at-a-time comparison agrees with lowercasing byte by byte: every byte value
    /// at every position of names of every length up to 24, against its lowercase form
    /// and against that form with one byte changed.
    @Test func comparingEightBytesAtATimeAgreesWithByteByByte() {
        func reference(_ a: [UInt8], _ b: [UInt8]) -> Bool { a.count == b.count && zip(a, b).allSatisfy { ByteClass.lowercased($0) == $1 } }
        func fast(_ a: [UInt8], _ b: [UInt8]) -> Bool {
            a.withUnsafeBufferPointer { x in b.withUnsafeBufferPointer { y in HTTPFieldName.equalLowercasing(x, y) } }
        }
        var random = FastRandom(seed: 17)
        for length in 1...24 {
            for position in 0..<length {
                for byte in UInt8.min...UInt8.max {
                    var name = (0..<length).map { _ in UInt8(ascii: "a") + UInt8(random.next() % 26) - (random.next() % 2 == 0 ? 0x20 : 0) }
                    name[position] = byte
                    let lower = name.map(ByteClass.lowercased)
                    #expect(fast(name, lower) == reference(name, lower))
                    var other = lower
                    other[(position + 3) % length] ^= UInt8(1 << (random.next() % 8))
                    #expect(fast(name, other) == reference(name, other), "\(name) \(other)")
                }
            }
        }
    }
}
