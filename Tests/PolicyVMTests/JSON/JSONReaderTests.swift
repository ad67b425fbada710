// JSON reader and writer: round trips, numbers kept as written, errors with line:col.
import Testing
@testable import PolicyVM

@Suite struct JSONReaderTests {
    @Test(arguments: [
        (#"{"b":[1,2.5,"x"],"a":null}"#, #"{"a":null,"b":[1,2.5,"x"]}"#),
        (#"  [true,false,{}]  "#, #"[true,false,{}]"#),
        (#""\u00e9\n\"<>""#, #""é\n\"\u003c\u003e""#),
        (#"9007199254740993"#, #"9007199254740993"#),
        (#"1e2"#, #"1e2"#),   // OPA keeps a number's text
        (#""\ud83d\ude00""#, "\"\u{1F600}\""),
    ])
    func roundTrip(input: String, expected: String) throws {
        let value = try JSONReader.parse(input)
        #expect(JSONWriter.write(value) == expected)
    }

    @Test(arguments: [
        ("{\"a\":1,}", 1, 8),
        ("[1,\n  2,,]", 2, 5),
        ("\"abc", 1, 1),
        ("01", 1, 1),
        ("[1] x", 1, 5),
        ("{\"a\" 1}", 1, 6),
        ("", 1, 1),
    ])
    func rejectsWithPosition(input: String, line: Int, column: Int) {
        do {
            _ = try JSONReader.parse(input)
            Issue.record("accepted invalid JSON: \(input)")
        } catch {
            #expect(error.line == line && error.column == column, "\(error)")
        }
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONError.self) { try JSONReader.parse(deep) }
    }

    @Test func integersStayIntegral() throws {
        #expect(try JSONReader.parse("3") == .number(.int(3)))
        #expect(try JSONReader.parse("3.0") == .number(.int(3)))
        #expect(try JSONReader.parse("3.5") == .number(Number(3.5)))
    }
}
