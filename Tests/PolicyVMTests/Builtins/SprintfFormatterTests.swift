// sprintf and print: Go's fmt verbs over Rego values, checked against OPA's output.
import Testing
@testable import PolicyVM

@Suite struct SprintfFormatterTests {
    struct Row: Sendable, CustomTestStringConvertible {
        let format: String
        let args: [Value]
        let expected: String
        init(_ format: String, _ args: [Value], _ expected: String) { (self.format, self.args, self.expected) = (format, args, expected) }
        var testDescription: String { "\(format) \(args.map(\.regoText))" }
    }

    static let rows: [Row] = [
        .init("%v|%s|%d", [1, "a", 2], "1|a|2"),
        .init("%d", [1.5], "%!d(float64=1.5)"),
        .init("%v", [1.5], "1.5"),
        .init("%s", [1], "%!s(int64=1)"),
        .init("%f", [1], "%!f(int64=1)"),
        .init("%.2f", [3.14159], "3.14"),
        .init("%05.2f|%-5s|%5d|%x|%X|%o|%b|%e|%g|%q", [3.14159, "ab", 42, 255, 255, 8, 5, 1234.5, 0.000012345, "hi"],
              "03.14|ab   |   42|ff|FF|10|101|1.234500e+03|1.2345e-05|\"hi\""),
        .init("%t", [true], "%!t(string=true)"),
        .init("%v", [true], "true"),
        .init("%v", [.null], "null"),
        .init("%d", [], "%!d(MISSING)"),
        .init("%d %d", [1], "1 %!d(MISSING)"),
        .init("%d", [1, 2], "1%!(EXTRA int64=2)"),
        .init("%v", [[1, "a", ["b": [true, .null]]]], "[1, \"a\", {\"b\": [true, null]}]"),
        .init("%v", [["a": 1, "b": set(1, 2)]], "{\"a\": 1, \"b\": {1, 2}}"),
        .init("%v", [set()], "set()"),
        .init("%v", [.emptyObject], "{}"),
        .init("%s", [[1]], "[1]"),
        .init("%d", ["a"], "%!d(string=a)"),
        .init("%x", ["hi"], "6869"),
        .init("%q", [[1]], "\"[1]\""),
        .init("%%|%z", [1], "%|%!z(int64=1)"),
        .init("%v|%d", [10_000_000_000_000_000, 10_000_000_000_000_000], "10000000000000000|10000000000000000"),
        .init("%d|%x", [.double(1e20), .double(-1e20)], "100000000000000000000|-56bc75e2d63100000"),
        .init("%v", [0.1], "0.1"),
        .init("%.3v", ["abcdef"], "abc"),
        .init("%+d|% d|%#x|%#o", [5, 5, 255, 8], "+5| 5|0xff|010"),
        .init("%*d", [5, 42], "   42"),
        .init("%[2]d %[1]d", [1, 2], "2 1"),
        .init("%v", [["é", "\u{1}"]], "[\"é\", \"\\x01\"]"),
        .init("%8.3f|%-8.3f|%+.1e", [3.14159, 2.5, 12345.678], "   3.142|2.500   |+1.2e+04"),
        .init("%v", [123456789.125], "1.23456789125e+08"),
        .init("%v", [0.000001], "1e-06"),
        .init("%v", [-1.5e-9], "-1.5e-09"),
        .init("%c|%U", [65, 65], "A|U+0041"),
        .init("%v", [[1: 2, [1]: "x"] as [Value: Value]].map(Value.object), "{1: 2, [1]: \"x\"}"),
        .init("%v", [["b": 1, "a": 2, "c": ["z": 1, "y": 2]]], "{\"a\": 2, \"b\": 1, \"c\": {\"y\": 2, \"z\": 1}}"),
        .init("%5s|%-5s|%.2s", ["é", "é", "héllo"], "    é|é    |hé"),
        .init("%x|% x|%X", ["é", "ab", "é"], "c3a9|61 62|C3A9"),
        .init("%q", ["é\u{1}\t"], "\"é\\x01\\t\""),
        .init("%+q", ["é"], "\"\\u00e9\""),
        .init("%#q", ["a"], "`a`"),
        .init("%6.2f|%-8.1e|%08.3f|%+f", [3.14159, 1234.5, -3.14159, 1.5], "  3.14|1.2e+03 |-003.142|+1.500000"),
        .init("%g|%.3g|%G|%.10g", [0.5, 1234.5678, 1.5e-10, 1.5], "0.5|1.23e+03|1.5E-10|1.5"),
        .init("%e", [0.5], "5.000000e-01"),
        .init("%05d|%-5d|%x|%o|%b|%#b|%X", [-42, 42, -255, -8, -5, 5, 3054], "-0042|42   |-ff|-10|-101|0b101|BEE"),
        .init("%.3d|%8.3d", [7, 7], "007|     007"),
        .init("%", [1], "%!(NOVERB)%!(EXTRA int64=1)"),
        .init("abc%", [], "abc%!(NOVERB)"),
        .init("%!", [1], "%!!(int64=1)"),
        .init("%.1f", [0.05], "0.1"),
        .init("%.0f|%.0f|%.0f", [0.5, 1.5, 2.5], "0|2|2"),
        .init("%08.3e", [-1.5], "-1.500e+00"),
        .init("%[3]d", [1, 2], "%!d(BADINDEX)"),
        .init("%[x]d", [1], "%!d(BADINDEX)"),
        .init("%.*f", [2, 3.14159], "3.14"),
        .init("%-*d|", [-5, 1], "1    |"),
        .init("%*d", ["a", 1], "%!(BADWIDTH)1"),
        .init("%.2v|%10.3v|", [3.14159, 3.14159], "3.1|      3.14|"),
        .init("%10v|", [[1, 2]], "    [1, 2]|"),
        .init("%x", [1.5], "0x1.8p+00"),
    ]

    @Test(arguments: rows) func formats(_ row: Row) throws {
        #expect(try Call.run("sprintf", [.string(row.format), .array(row.args)]) == .string(row.expected))
    }

    @Test func operandErrors() {
        #expect(Call.error("sprintf", ["%v", "x"]) == BuiltinError(.type, "sprintf: operand 2 must be array but got string"))
        #expect(Call.error("sprintf", [1, []]) == BuiltinError(.type, "sprintf: operand 1 must be string but got number"))
    }

    @Test func printWritesOneLinePerCall() throws {
        var context = BuiltinContext(nowNanoseconds: 0)
        let print = try #require(BuiltinRegistry.lookup("print"))
        #expect(try print.body(["a", 1, ["b"], set()], &context) == .true)
        #expect(try print.body([], &context) == .true)
        #expect(context.printed == ["a 1 [\"b\"] set()", ""])
    }
}
