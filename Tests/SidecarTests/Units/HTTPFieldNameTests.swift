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
}
