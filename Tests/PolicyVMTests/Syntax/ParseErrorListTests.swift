// Several parse errors per module, as OPA reports them (each case's lines and order
// checked against the real engine; where OPA's backtracking reports one stopping error
// twice, it is reported once here, with this parser's message): refused imports and rules OPA's v1 checks refuse (`if` or
// `contains` missing, statements that are no rule) are all reported, statements first;
// an error that stops the parse is reported alone with the imports refused before it.
import Testing
@testable import PolicyVM

@Suite struct ParseErrorListTests {
    static func errors(_ source: String) -> [String] {
        do {
            _ = try Parser.parseModule(source, file: "p.rego")
            return []
        } catch {
            return error.errors.map { "\($0.location?.line ?? 0): \($0.message)" }
        }
    }

    @Test(arguments: [
        ("package p\n\np { true }\n\nq { false }\n\nr[x] { x := 1 }\n",
         ["3: `if` keyword is required before rule body", "5: `if` keyword is required before rule body",
          "7: `if` keyword is required before rule body", "7: `contains` keyword is required for partial set rules"]),
        ("package p\n\np { true }\n\nx\n",
         ["5: var cannot be used for rule name", "3: `if` keyword is required before rule body"]),
        ("package p\n\nf(x) { true }\np := 1 if { true } else { false }\n",
         ["3: `if` keyword is required before function body", "4: `if` keyword is required before rule body"]),
        ("package p\n\nq[x]\nf()\ng(1) := 2 if { true }\n",
         ["4: rule argument list must take at least one argument", "3: `contains` keyword is required for partial set rules"]),
        // A stopping error hides the v1 checks (OPA checks rules only after a clean parse).
        ("package p\np { true }\nx := [1,\n", ["4: unexpected eof token: expected term"]),
        // Refused imports are kept, whatever follows.
        ("package p\n\nimport future.x\nx := \n", ["3: invalid import future.x, must be future.keywords", "5: unexpected eof token: expected term"]),
        ("package p\nimport future.x\np { true }\n", ["2: invalid import future.x, must be future.keywords"]),
    ])
    func reportsEveryErrorOPAReports(source: String, expected: [String]) {
        #expect(Self.errors(source) == expected)
    }

    @Test func stopsAtTheCompilersLimit() {
        let source = "package p\n" + (1...15).map { "r\($0) { true }\n" }.joined()
        let found = Self.errors(source)
        #expect(found.count == PolicyErrors.maxReported)
        #expect(found.first == "2: `if` keyword is required before rule body")
    }

    @Test func aModuleWithoutErrorsStillParses() throws {
        let m = try Parser.parseModule("package p\nimport future.keywords.in\nx := 1\n", file: "p.rego")
        #expect(m.rules.count == 1)
    }
}
