// OPAYAMLScalar and the YAML side of DataFileReader: scalars typed as OPA's YAML reader
// (go-yaml v2 behind sigs.k8s.io/yaml) types them in data and input files — YAML 1.1
// booleans and integers, floats through float64 — and what JSON cannot hold refused at
// its line:col. The expected values follow go-yaml v2's resolve table and Go's strconv.
import PolicyVM
import Testing
@testable import AgentSpec

@Suite struct OPAYAMLScalarTests {
    static func plain(_ text: String) -> OPAYAMLScalar {
        OPAYAMLScalar.resolve(YAMLScalar(text: text, style: .plain))
    }

    @Test(arguments: [
        ("yes", OPAYAMLScalar.bool(true)), ("Y", .bool(true)), ("on", .bool(true)), ("TRUE", .bool(true)),
        ("no", .bool(false)), ("N", .bool(false)), ("Off", .bool(false)), ("False", .bool(false)),
        ("yEs", .string("yEs")), ("", .null), ("~", .null), ("NULL", .null), ("nULL", .string("nULL")),
        ("12", .int(12)), ("+12", .int(12)), ("-12", .int(-12)), ("1_000", .int(1000)), ("0x1F", .int(31)),
        ("-0x10", .int(-16)), ("0o17", .int(15)), ("017", .int(15)), ("0b101", .int(5)), ("-0b101", .int(-5)),
        ("0", .int(0)), ("9223372036854775807", .int(.max)), ("-9223372036854775808", .int(.min)),
        ("18446744073709551615", .uint(.max)), ("08", .float(8)), ("1.0", .float(1)), (".5", .float(0.5)),
        ("1e3", .float(1000)), ("-2.50", .float(-2.5)), ("1.", .float(1)), ("18446744073709551616", .float(18446744073709551616)),
        ("1e400", .string("1e400")), ("1e", .string("1e")), ("2024-01-02", .string("2024-01-02")), ("0x", .string("0x")),
        ("1:30", .string("1:30")), ("._5", .string("._5")), ("+", .string("+")), ("-", .string("-")),
    ])
    func plainScalarsResolveAsGoYAMLv2(text: String, expected: OPAYAMLScalar) {
        #expect(Self.plain(text) == expected)
    }

    @Test func quotedAndBlockScalarsAreStrings() {
        for style in [ScalarStyle.singleQuoted, .doubleQuoted, .literal, .folded] {
            #expect(OPAYAMLScalar.resolve(YAMLScalar(text: "yes", style: style)) == .string("yes"))
        }
    }

    @Test func infinityAndNaNAreFloatsJSONCannotHold() {
        #expect(Self.plain(".inf") == .float(.infinity) && Self.plain("-.Inf") == .float(-.infinity))
        guard case .float(let nan) = Self.plain(".NaN") else { Issue.record("not a float"); return }
        #expect(nan.isNaN)
    }

    @Test func aDocumentReadsAsOPAReadsIt() throws {
        let text = "country: no\nenabled: on\nn: 1\nport: 0x1F\n1.0: one\n1e6: million\nid: 12345678901234567890\nname: 'no'\n"
        let value = try DataFileReader.parse(Array(text.utf8), path: "d.yaml", as: .yaml)
        #expect(JSONWriter.write(value) == #"{"1":"one","1e+06":"million","country":false,"enabled":true,"false":1,"id":12345678901234567890,"name":"no","port":31}"#)
    }

    @Test func whatJSONCannotHoldIsRefusedWhereItIs() {
        #expect(throws: PolicyLoadError("d.yaml", ".inf has no JSON value (JSON holds no infinity or NaN)", line: 2, column: 6)) {
            try DataFileReader.parse(Array("a: 1\nlim: .inf\n".utf8), path: "d.yaml", as: .yaml)
        }
        #expect(throws: PolicyLoadError("in", "a mapping key is null, which JSON cannot hold", line: 1, column: 1)) {
            try DataFileReader.parseByContent(Array("~: 1\n".utf8), path: "in")
        }
    }

    @Test(arguments: [(1e6, "1e+06"), (100000, "100000"), (1.5, "1.5"), (1, "1"), (0.00001, "1e-05"), (0.0001, "0.0001"),
                      (-2.5, "-2.5"), (1.5e300, "1.5e+300"), (123456.5, "123456.5"), (0, "0")])
    func floatKeysAreSpelledAsGoFormatsThem(value: Double, expected: String) {
        #expect(DataFileReader.goShortestG(value) == expected)
    }
}
