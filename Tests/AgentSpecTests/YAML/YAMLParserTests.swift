// The YAML reader on its own: structure, scalar styles, typing, positions, limits and
// the errors it gives (with line:col).
import PolicyVM
import Testing
@testable import AgentSpec

@Suite struct YAMLParserTests {
    func json(_ text: String) throws -> String {
        let node = try YAMLParser.parseDocument(text)
        return JSONWriter.write(try #require(node.jsonValue))
    }

    func failure(_ text: String) -> YAMLError? {
        do { _ = try YAMLParser.parseDocument(text); return nil } catch { return error }
    }

    @Test func blockMappingsAndSequences() throws {
        #expect(try json("a: 1\nb:\n  - x\n  - y: 2\n    z: [3, {w: 4}]\nc:\n- 5\n") ==
            #"{"a":1,"b":["x",{"y":2,"z":[3,{"w":4}]}],"c":[5]}"#)
    }

    @Test func coreSchemaTyping() throws {
        #expect(try json("[true, False, null, ~, 12, -3, 0x1F, 0o17, 1.5, .5, 1e3, yes, on, \"true\", '12', 1.0.0]") ==
            #"[true,false,null,null,12,-3,31,15,1.5,0.5,1000,"yes","on","true","12","1.0.0"]"#)
    }

    @Test func quotedScalarsAndEscapes() throws {
        #expect(try json(#"a: "tab\there \u00e9 \x41 \"q\" \\""# + "\nb: 'it''s'\n") == #"{"a":"tab\there é A \"q\" \\","b":"it's"}"#)
        #expect(try json("a: \"one\n  two\n\n  three\"\n") == #"{"a":"one two\nthree"}"#)
    }

    @Test func blockScalarsWithChomping() throws {
        #expect(try json("a: |\n  x\n   y\n\nb: |-\n  z\n\nc: |+\n  w\n\nd: >\n  p\n  q\n\n  r\ne: |2\n    k\n") ==
            #"{"a":"x\n y\n","b":"z","c":"w\n\n","d":"p q\nr\n","e":"  k\n"}"#)
    }

    @Test func anchorsAndAliases() throws {
        #expect(try json("base: &b {x: 1}\nuse: *b\nlist: [&s str, *s]\n") == #"{"base":{"x":1},"list":["str","str"],"use":{"x":1}}"#)
    }

    @Test func commentsAndDocumentMarkers() throws {
        #expect(try json("# top\n---\na: 1 # trailing\n# between\nb: '#not'\n...\n") == ##"{"a":1,"b":"#not"}"##)
    }

    @Test func positionsOfEveryNode() throws {
        let root = try YAMLParser.parseDocument("spec:\n  tools:\n    - name: x\n      type: 'y'\n")
        let item = try #require(root["spec"]?["tools"]?.items?.first)
        #expect(item.position == SourcePosition(line: 3, column: 7))
        #expect(item["name"]?.position == SourcePosition(line: 3, column: 13))
        #expect(item["type"]?.position == SourcePosition(line: 4, column: 13))
        #expect(item["type"]?.scalar?.style == .singleQuoted)
        #expect(root.pairs?.first?.key.position == SourcePosition(line: 1, column: 1))
    }

    @Test(arguments: [
        ("a:\n\tb: 1\n", "2:1: tabs cannot be used for indentation"),
        ("a: 1\na: 2\n", "2:1: duplicate key \"a\""),
        ("a: \"open\n", "1:4: unterminated quoted string"),
        ("a: !!str x\n", "1:4: tags ('!') are not supported"),
        ("%YAML 1.2\n---\na: 1\n", "1:1: directives (%YAML, %TAG) are not supported"),
        ("a: 1\n---\nb: 2\n", "3:1: expected a single document, found 2"),
        ("a:\n  b: 1\n c: 2\n", "3:2: bad indentation: expected a key at column 1"),
        ("a: [1, 2\n", "1:4: unterminated flow collection"),
        ("a: *nope\n", "1:4: unknown alias *nope"),
        ("? a\n: b\n", "1:1: explicit keys ('? ') are not supported"),
        ("a: b: c\n", "1:5: a mapping cannot start here (is a quote or a line break missing?)"),
        ("a: \"\\q\"\n", "1:5: unknown escape '\\q'"),
    ])
    func errorsNameLineAndColumn(_ input: String, _ expected: String) {
        #expect(failure(input)?.description == expected)
    }

    @Test func unsupportedFeaturesAreMarkedSo() {
        #expect(failure("a: !tag x\n")?.kind == .unsupported)
        #expect(failure("[a]: b\n")?.kind == .unsupported)
        #expect(failure("a: 1\na: 2\n")?.kind == .syntax)
    }

    @Test func aliasBombIsCapped() {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for i in 1...9 {
            let refs = Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ")
            text += "a\(i): &a\(i) [\(refs)]\n"
        }
        #expect(failure(text)?.message.contains("aliases expand to more than") == true)
    }

    @Test func nestingDepthIsCapped() {
        let deep = String(repeating: "[", count: 1000) + String(repeating: "]", count: 1000)
        #expect(failure(deep)?.message.contains("nesting deeper than") == true)
        var block = ""
        for i in 0..<300 { block += String(repeating: " ", count: i) + "k:\n" }
        #expect(failure(block)?.message.contains("nesting deeper than") == true)
    }

    @Test func emptyTextIsNull() throws {
        #expect(try YAMLParser.parseDocument("").isNull)
        #expect(try YAMLParser.parseDocument("# only a comment\n").isNull)
    }

    @Test func everyPrefixOfAManifestParsesOrFailsCleanly() throws {
        let text = try String(contentsOf: TestManifests.gymcoach, encoding: .utf8)
        let bytes = Array(text.utf8)
        for n in stride(from: 0, through: bytes.count, by: 7) {
            _ = try? YAMLParser.parseDocument(String(decoding: bytes[..<n], as: UTF8.self))
        }
    }
}

@Suite struct YAMLColumnTests {
    @Test func columnsCountCharactersNotBytes() throws {
        let root = try YAMLParser.parseDocument("é: [ü, x]\n")
        #expect(root["é"]?.items?.last?.position == SourcePosition(line: 1, column: 8))
    }

    @Test func oneLongLineIsLinear() throws {
        let items = (0..<50_000).map { "\"é\($0)\"" }.joined(separator: ",")
        let root = try YAMLParser.parseDocument("{\"k\": [\(items)]}")
        #expect(root["k"]?.items?.count == 50_000)
    }
}
