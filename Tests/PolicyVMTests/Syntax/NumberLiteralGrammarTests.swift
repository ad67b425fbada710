// What OPA's grammar takes as a number: a literal may start with its point (`.5`,
// `-.5`), a leading zero is followed by the fraction or the exponent (`0.5`, `0e5`;
// `00.5`, `01e1` are refused), and a literal's magnitude stays within 2^±100000
// (`1e30103` is "number too big"); a minus sign is followed by a number or a name
// (`-input.n`, `-count(x)` are minus(0, …); `-(1)`, `-[1][0]`, `-"a"` are parse
// errors). Found by treegen's `number-literal-spelling` and `unary-minus-operand`
// shapes; every expected answer is the real OPA engine's (v1.x, rego-conformance/1,
// through scripts' reference runner).
import Testing
@testable import PolicyVM

@Suite struct NumberLiteralGrammarTests {
    @Test(arguments: [
        ("r := .5 + 1", "x := data.test.r", "null", "[{\"x\":1.5}]"),
        ("r := -.5 * 2", "x := data.test.r", "null", "[{\"x\":-1}]"),
        ("r := .25e1", "x := data.test.r + 0", "null", "[{\"x\":2.5}]"),
        ("r := .5 == 0.5", "x := data.test.r", "null", "[{\"x\":true}]"),
        ("r := [1, 2][.0]", "x := data.test.r", "null", "error:rego_type_error"),
        ("r := 0e5 + 1", "x := data.test.r", "null", "[{\"x\":1}]"),
        ("r := 0E-3 + 1", "x := data.test.r", "null", "[{\"x\":1}]"),
        ("r := 00.5", "x := data.test.r", "null", "error:rego_parse_error"),
        ("r := 01e1", "x := data.test.r", "null", "error:rego_parse_error"),
        ("r := -00", "x := data.test.r", "null", "error:rego_parse_error"),
        ("r := 1e30102 > 0", "x := data.test.r", "null", "[{\"x\":true}]"),
        ("r := -1e-30102 < 0", "x := data.test.r", "null", "[{\"x\":true}]"),
        ("r := 1e30103", "x := data.test.r", "null", "error:rego_parse_error"),
        ("r := 1e-30103 < 1", "x := data.test.r", "null", "[{\"x\":true}]"),
        ("r := 9.99e30102 > 1", "x := data.test.r", "null", "[{\"x\":true}]"),
        ("r := 0.0000001e-30096 < 1", "x := data.test.r", "null", "[{\"x\":true}]"),
        ("r := 9.991e30102 > 1", "x := data.test.r", "null", "error:rego_parse_error"),
        ("r := -1e30103", "x := data.test.r", "null", "error:rego_parse_error"),
        ("r := 1e-30104", "x := data.test.r", "null", "error:rego_parse_error"),
        ("r := [1].5", "x := data.test.r", "null", "error:rego_parse_error"),
        ("r := input.5", "x := data.test.r", "null", "error:rego_parse_error"),
        ("r := -input.n", "x := data.test.r", "{\"n\": 3}", "[{\"x\":-3}]"),
        ("r := -input.n", "x := data.test.r", "{\"n\": \"a\"}", "error:eval_type_error"),
        ("r := 2 * -count([1, 2])", "x := data.test.r", "null", "[{\"x\":-4}]"),
        ("r := x if { y := 4; x := -y }", "x := data.test.r", "null", "[{\"x\":-4}]"),
        ("r := -(1)", "x := data.test.r", "null", "error:rego_parse_error"),
        ("r := 2 * -(3)", "x := data.test.r", "null", "error:rego_parse_error"),
        ("r := -[1][0]", "x := data.test.r", "null", "error:rego_parse_error"),
        ("r := -\"a\"", "x := data.test.r", "null", "error:rego_parse_error"),
        ("r := -true", "x := data.test.r", "null", "error:rego_parse_error"),
        ("r := -null", "x := data.test.r", "null", "error:rego_parse_error"),
        ("r := -{1}", "x := data.test.r", "null", "error:rego_parse_error"),
        ("r := - -1", "x := data.test.r", "null", "error:rego_parse_error"),
        ("r := -set()", "x := data.test.r", "null", "error:eval_type_error"),
    ])
    func matchesOPA(rules: String, query: String, input: String, expected: String) throws {
        try RegoHarness.expectOPAAnswer(rules: rules, query: query, input: input, data: "{}", expected: expected)
    }

    @Test func aPointAfterATermIsARefStepNamedByANumber() {
        // `input.5` lexes as `input` and the number `.5`: the error names the digits, as OPA's does.
        do {
            _ = try Parser.parseModule("package p\nx := input.5", file: "m.rego")
            Issue.record("accepted")
        } catch {
            #expect(error.errors.first?.message == "unexpected number token: expected identifier")
            #expect(error.errors.first?.location?.column == 12)
        }
    }
}
