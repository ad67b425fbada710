// `import future.keywords.not` (or all of `future.keywords`): there `not` covers its
// whole expression, so a nested call or a missing operand makes the negation true
// where a plain `not` (OPA evaluates those parts before it) leaves the body undefined.
// Each module decides for itself. Every expected answer is the real OPA engine's
// (strict builtin errors), copied from its output.
import Testing
@testable import PolicyVM

@Suite struct FutureKeywordNotTests {
    @Test(arguments: [
        ("import future.keywords.not\np if { not input.x > 1 }", "x := data.test.p", "{}", "{}", "[{\"x\":true}]"),
        ("p if { not input.x > 1 }", "x := data.test.p", "{}", "{}", "[]"),
        ("import future.keywords.not\np if { not count(input.x) == 0 }", "x := data.test.p", "{}", "{}", "[{\"x\":true}]"),
        ("p if { not count(input.x) == 0 }", "x := data.test.p", "{}", "{}", "[]"),
        ("import future.keywords.not\np if { not [input.x] == [1] }", "x := data.test.p", "{}", "{}", "[{\"x\":true}]"),
        ("import future.keywords.not\np if { not \"a\" in input.xs }", "x := data.test.p", "{}", "{}", "[{\"x\":true}]"),
        ("import future.keywords.not\nf(x) := x\np if { not f(input.x) }", "x := data.test.p", "{}", "{}", "[{\"x\":true}]"),
        ("import future.keywords\np if { not input.x + input.y == input.z }", "x := data.test.p", "{}", "{}", "[{\"x\":true}]"),
        ("import future.keywords.in\np if { not input.x + input.y == input.z }", "x := data.test.p", "{}", "{}", "[]"),
        ("import rego.v1\np if { not input.x + input.y == input.z }", "x := data.test.p", "{}", "{}", "[]"),
        ("import future.keywords.not\np if { not input.x + input.y == input.z }", "x := data.test.p", "{\"x\": 1, \"y\": 2, \"z\": 3}", "{}", "[]"),
        ("import future.keywords.not\np if { not input.x + input.y == input.z with input.x as 5 }", "x := data.test.p", "{\"x\": 1, \"y\": 2, \"z\": 3}", "{}", "[{\"x\":true}]"),
        ("import future.keywords.not\np if { not input.x + input.y == input.z with input as {} }", "x := data.test.p", "{\"x\": 1, \"y\": 2, \"z\": 3}", "{}", "[{\"x\":true}]"),
        ("import future.keywords.not\np if { not 1 / 0 == 2 }", "x := data.test.p", "{}", "{}", "error:eval_builtin_error"),
        ("import future.keywords.not\nr := [y | some y in [1, 2]; not y + input.k == 3]", "x := data.test.r", "{}", "{}", "[{\"x\":[1,2]}]"),
        ("import future.keywords.not\nr := [y | some y in [1, 2]; not y + input.k == 3]", "x := data.test.r", "{\"k\": 1}", "{}", "[{\"x\":[1]}]"),
    ])
    func matchesOPA(rules: String, query: String, input: String, data: String, expected: String) throws {
        try RegoHarness.expectOPAAnswer(rules: rules, query: query, input: input, data: data, expected: expected)
    }
}
