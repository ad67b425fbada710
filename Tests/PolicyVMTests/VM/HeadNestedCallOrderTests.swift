// A rule head's calls run in OPA's order: OPA moves the head into the body, then moves
// each call out before the expression holding it, walking a set in its terms' order and
// an object in its keys' order (SourceTermOrder, as written), so an undefined call can
// end the rule before a failing one runs: `r := {1 % 0.5, max([])}` is undefined, not an
// error. Found by treegen (seed 3); every expected answer is the real OPA engine's
// (v1.x, rego-conformance/1).
import Testing
@testable import PolicyVM

@Suite struct HeadNestedCallOrderTests {
    @Test(arguments: [
        // A set: calls by name (max before rem).
        ("r := {1 % 0.5, max([])}", "[{\"x\":{}}]"),
        ("r := {max([]), 1 % 0.5}", "[{\"x\":{}}]"),
        ("r := 1 if { false } else := {1 % 0.5, max([])}", "[{\"x\":{}}]"),
        ("r contains {1 % 0.5, max([])} if { true }", "[{\"x\":{\"r\":[]}}]"),
        ("f(y) := {y % 0.5, max([])}\nr := f(1)", "[{\"x\":{}}]"),
        ("r := {{1 % 0.5}, [max([])]}", "[{\"x\":{}}]"),
        // An object: by its keys ("a" before "b"; constants before calls).
        ("r := {\"b\": 1 % 0.5, \"a\": max([])}", "[{\"x\":{}}]"),
        ("r := {\"b\": count([1 % 0.5]), \"a\": count([max([])])}", "[{\"x\":{}}]"),
        ("r := {lower(\"A\"): 1 % 0.5, \"a\": max([])}", "[{\"x\":{}}]"),
        ("r := {\"a\": 1 % 0.5, \"b\": max([])}", "error:eval_builtin_error"),
        ("r := x if { x := {\"b\": 1 % 0.5, \"a\": max([])} }", "[{\"x\":{}}]"),
        // An array: as written.
        ("r := [1 % 0.5, max([])]", "error:eval_builtin_error"),
        ("r := 1 if { true } else := {1 % 0.5, max([])}", "[{\"x\":{\"r\":1}}]"),
    ])
    func matchesOPA(rules: String, expected: String) throws {
        try RegoHarness.expectOPAAnswer(rules: rules, query: "x := data.test", input: "null", data: "{}", expected: expected)
    }
}
