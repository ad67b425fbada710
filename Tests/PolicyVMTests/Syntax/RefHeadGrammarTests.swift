// What a ref may start at in OPA's grammar: a name, a collection, a comprehension or
// a call. A scalar followed directly by `.x`, `[k]` or `(…)` is a parse error,
// "illegal ref (head cannot be string)" (`"abc"[1]`, `1[0]`, `-1[0]`, `true[0]`), and
// so is a parenthesized ref or scalar (`(input)[0]`, `("abc")[1]`), where a
// parenthesized variable, collection or call starts one (`(y)[0]`, `([7])[0]`). Here
// those were refs the type checker refused, or `true` and `[0]` two expressions.
// Found while probing the leads of treegen's text shapes; every expected answer is the
// real OPA engine's (v1.x, rego-conformance/1).
import Testing
@testable import PolicyVM

@Suite struct RefHeadGrammarTests {
    @Test(arguments: [
        ("r := \"abc\"[1]", "x := data.test.r", "null", "error:rego_parse_error"),
        ("r := \"abc\".x", "x := data.test.r", "null", "error:rego_parse_error"),
        ("r := `abc`[0]", "x := data.test.r", "null", "error:rego_parse_error"),
        ("r := 1[0]", "x := data.test.r", "null", "error:rego_parse_error"),
        ("r := 1.5[0]", "x := data.test.r", "null", "error:rego_parse_error"),
        ("r := -1[0]", "x := data.test.r", "null", "error:rego_parse_error"),
        ("r := true[0]", "x := data.test.r", "null", "error:rego_parse_error"),
        ("r := null.x", "x := data.test.r", "null", "error:rego_parse_error"),
        ("r := (\"abc\")[1]", "x := data.test.r", "null", "error:rego_parse_error"),
        ("r := (1)[0]", "x := data.test.r", "null", "error:rego_parse_error"),
        ("r := (input)[0]", "x := data.test.r", "[7]", "error:rego_parse_error"),
        ("r := (input.xs)[0]", "x := data.test.r", "{\"xs\": [7]}", "error:rego_parse_error"),
        ("r := x if { y := [7]; x := (y)[0] }", "x := data.test.r", "null", "[{\"x\":7}]"),
        ("r := ([7])[0]", "x := data.test.r", "null", "[{\"x\":7}]"),
        ("r := ({\"a\": 7}).a", "x := data.test.r", "null", "[{\"x\":7}]"),
        ("r := (count([1]) + 1)", "x := data.test.r", "null", "[{\"x\":2}]"),
        ("r := [x | x := [\"a\", \"b\"][_]]", "x := data.test.r", "null", "[{\"x\":[\"a\",\"b\"]}]"),
        ("r := \"abc\"(1)", "x := data.test.r", "null", "error:rego_parse_error"),
    ])
    func matchesOPA(rules: String, query: String, input: String, expected: String) throws {
        try RegoHarness.expectOPAAnswer(rules: rules, query: query, input: input, data: "{}", expected: expected)
    }

    @Test(arguments: [("x := \"abc\"[1]", 6, "string"), ("x := true[0]", 6, "boolean"), ("x := (1)[0]", 7, "number"),
                      ("x := (input)[0]", 7, "ref")])
    func theErrorNamesTheHead(source: String, column: Int, head: String) {
        do {
            _ = try Parser.parseModule("package p\n" + source, file: "m.rego")
            Issue.record("accepted: \(source)")
        } catch {
            #expect(error.errors.first?.message == "illegal ref (head cannot be \(head))")
            #expect(error.errors.first?.location?.column == column)
        }
    }
}
