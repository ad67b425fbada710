// OPA's safety reordering takes a literal as already placed when the literal now at
// its written position in the new order is the same expression: a repeated
// expression that had to wait for a later binding is then never placed, and is unsafe
// (`x == 1; x == 1; x = 1`), while one placed in written order is fine (`x = 1; x = 1`).
// Every expected answer is the real OPA engine's (strict builtin errors), copied from
// its output.
import Testing
@testable import PolicyVM

@Suite struct RepeatedExpressionSafetyTests {
    @Test(arguments: [
        ("r if {\n x == 1\n x == 1\n floor(1.001, x)\n}", "x := data.test.r", "null", "{}", "error:rego_unsafe_var_error"),
        ("r if {\n x = 1\n x = 1\n}", "x := data.test.r", "null", "{}", "[{\"x\":true}]"),
        ("r if {\n x == 1\n x == 1\n x = 1\n}", "x := data.test.r", "null", "{}", "error:rego_unsafe_var_error"),
        ("r if {\n x > 0\n x = 1\n x > 0\n}", "x := data.test.r", "null", "{}", "[{\"x\":true}]"),
        ("r if {\n x = y\n x = y\n y = 1\n}", "x := data.test.r", "null", "{}", "error:rego_unsafe_var_error"),
        ("r if {\n x = y\n y = 1\n x = y\n}", "x := data.test.r", "null", "{}", "[{\"x\":true}]"),
        ("r if {\n x := 1\n x == 1\n x == 1\n}", "x := data.test.r", "null", "{}", "[{\"x\":true}]"),
        ("p contains i if {\n v = xs[i]\n v = xs[i]\n xs = [x | x = data.a[_]]\n v > 1\n}", "x := data.test.p", "null", "{\"a\": [1, 2, 3]}", "error:rego_unsafe_var_error"),
        ("r := [y | y > 0; y > 0; y = 1]", "x := data.test.r", "null", "{}", "error:rego_unsafe_var_error"),
        ("r if {\n x == _\n x == _\n x = 1\n}", "x := data.test.r", "null", "{}", "error:rego_unsafe_var_error"),
    ])
    func matchesOPA(rules: String, query: String, input: String, data: String, expected: String) throws {
        try RegoHarness.expectOPAAnswer(rules: rules, query: query, input: input, data: data, expected: expected)
    }
}
