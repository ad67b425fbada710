// Calls and comprehensions nested in an expression run before it, as OPA moves them
// out: an undefined reference beside a failing call does not hide the call's error.
// Every expected answer is the real OPA engine's (strict builtin errors).
import Testing
@testable import PolicyVM

@Suite struct NestedCallOrderTests {
    @Test(arguments: [
        ("q := 1 if { false }\nr := x if { x := [q, 1 / 0] }", "x := data.test.r", "{}", "{}", "error:eval_builtin_error"),
        ("r := [x | x := [input.nope, 1 / 0]]", "x := data.test.r", "{}", "{}", "error:eval_builtin_error"),
        ("r := [x | x := [input.nope, [1 / 0]]]", "x := data.test.r", "{}", "{}", "error:eval_builtin_error"),
        ("r := [x | x := count([input.nope, 1 / 0])]", "x := data.test.r", "{}", "{}", "error:eval_builtin_error"),
        ("r := [x | x := input.nope + (1 / 0)]", "x := data.test.r", "{}", "{}", "error:eval_builtin_error"),
        ("r := [x | x := input.nope[1 / 0]]", "x := data.test.r", "{}", "{}", "error:eval_builtin_error"),
        ("r := [x | x := input.nope[input.a]]", "x := data.test.r", "{}", "{}", "[{\"x\":[]}]"),
        ("q := 1 if { false }\nr if { every x in [q, 1 / 0] { x } }", "x := data.test.r", "{}", "{}", "error:eval_builtin_error"),
    ])
    func matchesOPA(rules: String, query: String, input: String, data: String, expected: String) throws {
        try RegoHarness.expectOPAAnswer(rules: rules, query: query, input: input, data: data, expected: expected)
    }
}
