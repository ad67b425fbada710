// Lexer: tokens and their positions, escapes, and errors at the exact place.
import Testing
@testable import PolicyVM

@Suite struct LexerTests {
    @Test func tokensCarryLineAndColumn() throws {
        let tokens = try Lexer.tokenize("package a\n  x := \"y\"", file: "f.rego")
        let x = tokens.first { $0.kind == .identifier("x") }!
        #expect(x.location.line == 2 && x.location.column == 3)
        let s = tokens.first { if case .string = $0.kind { return true } else { return false } }!
        #expect(s.location.line == 2 && s.location.column == 8)
    }

    @Test(arguments: [
        (#""a\nb\u00e9\"""#, "a\nbé\""),
        ("`raw\\n`", "raw\\n"),
        (#""\ud83d\ude00""#, "\u{1F600}"),
    ])
    func stringsDecode(source: String, expected: String) throws {
        let tokens = try Lexer.tokenize(source, file: "f")
        switch tokens[0].kind {
        case .string(let s), .rawString(let s): #expect(s == expected)
        default: Issue.record("not a string: \(tokens[0].kind)")
        }
    }

    @Test func numbersKeepIntegersApart() throws {
        let tokens = try Lexer.tokenize("1 2.5 1e3 9223372036854775807", file: "f")
        #expect(tokens[0].kind == .number(.int(1), text: "1"))
        #expect(tokens[1].kind == .number(Number(2.5), text: "2.5"))
        #expect(tokens[2].kind == .number(.int(1000), text: "1e3"))
        #expect(tokens[3].kind == .number(.int(Int64.max), text: "9223372036854775807"))
    }

    @Test(arguments: [
        ("x := \"abc", 1, 6, "non-terminated string"),
        ("x := 1 ^ 2", 1, 8, "illegal token"),
        ("x := `abc", 1, 6, "non-terminated raw string"),
        ("x := \"\\q\"", 1, 7, "illegal escape sequence"),
        ("x := 01", 1, 6, "unexpected number token: expected number without leading zero"),
        ("x := 00.5", 1, 6, "unexpected number token: expected number without leading zero"),
        ("x := 1e30103", 1, 6, "number too big"),
    ])
    func errorsArePositioned(source: String, line: Int, column: Int, message: String) {
        do {
            _ = try Lexer.tokenize(source, file: "f")
            Issue.record("accepted \(source)")
        } catch {
            #expect(error.code == .parse)
            #expect(error.message == message)
            #expect(error.location?.line == line && error.location?.column == column, "\(error)")
        }
    }

    @Test func everyPrefixOfASourceLexesOrFailsCleanly() {
        let source = "package a.b\nimport rego.v1\np contains x if { some x in input.xs; x > \"a\\u00e9\" } # c\n"
        for n in 0...source.utf8.count {
            let prefix = String(decoding: Array(source.utf8.prefix(n)), as: UTF8.self)
            _ = try? Lexer.tokenize(prefix, file: "f")
        }
    }
}
