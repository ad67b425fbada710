// DataFileReader: data and input documents by name or by content — JSON, YAML, a byte
// order mark — and the refusals: empty, neither JSON nor YAML, not UTF-8. An input
// file is never read as an empty document.
import PolicyVM
import Testing
@testable import AgentSpec

@Suite struct DataFileReaderTests {
    static func byContent(_ text: String) throws -> String {
        JSONWriter.write(try DataFileReader.parseByContent(Array(text.utf8), path: "in"))
    }

    @Test(arguments: [(#"{"user": "bob", "n": [1, 2]}"#, #"{"n":[1,2],"user":"bob"}"#),
                      ("user: bob\nns:\n  - 1\n  - 2\n", #"{"ns":[1,2],"user":"bob"}"#),
                      ("\u{FEFF}{\"a\": 1}", #"{"a":1}"#),
                      ("[1, 2]", "[1,2]"),
                      ("just text", #""just text""#),
                      ("null", "null")])
    func readsJSONOrYAMLByContent(text: String, expected: String) throws {
        #expect(try Self.byContent(text) == expected)
    }

    /// OPA reads YAML through sigs.k8s.io/yaml: a YAML decimal becomes a float64 that
    /// Go's json.Marshal writes shortest, so `1.0` is `1` and `2.50` is `2.5` (checked with
    /// the engine by scripts/evalcheck.py), while a JSON input keeps the decimal's text.
    @Test func yamlDecimalsAreReadAsOPAReadsThem() throws {
        #expect(try Self.byContent("idx: 1.0\ncost: 2.50\nbig: 1.5e300\ntiny: 0.0000001\n")
                == #"{"big":1.5e+300,"cost":2.5,"idx":1,"tiny":1e-7}"#)
        #expect(try Self.byContent(#"{"idx": 1.0, "cost": 2.50}"#) == #"{"cost":2.50,"idx":1.0}"#)
    }

    @Test(arguments: ["", "  \n\t\n"])
    func anEmptyInputIsRefused(text: String) {
        #expect(throws: PolicyLoadError("in", "empty: no JSON or YAML document")) { try Self.byContent(text) }
    }

    @Test func neitherJSONNorYAMLSaysWhereYAMLStopped() {
        let error = #expect(throws: PolicyLoadError.self) { try Self.byContent("a: [1, 2\nb: }") }
        #expect(error?.reason.hasPrefix("neither JSON nor YAML (as YAML: ") == true)
        #expect(error?.position != nil)
        #expect(throws: PolicyLoadError("in", "not valid UTF-8")) { try DataFileReader.parseByContent([0x7B, 0xFF, 0x7D], path: "in") }
    }

    @Test func aNamedFormatIsNotGuessed() {
        // A .json file with YAML in it is a JSON error, at its position.
        #expect(throws: PolicyLoadError.self) { try DataFileReader.parse(Array("a: 1".utf8), path: "data.json", as: .json) }
    }
}
