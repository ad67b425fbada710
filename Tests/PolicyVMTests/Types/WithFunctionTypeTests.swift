// `with f as g` where both are functions (builtins or rules): OPA's type checker
// (checkExprWith) wants g's arity and each argument type to unify with f's, and
// reports `f: arity mismatch` (have: g's arguments, want: f's) otherwise, before any
// evaluation; a replacement whose types overlap is checked only when it runs. Found by
// treegen's `with-builtin` and `with-function` shapes; every expected answer is the
// real OPA engine's (v1.x, rego-conformance/1).
import Testing
@testable import PolicyVM

@Suite struct WithFunctionTypeTests {
    @Test(arguments: [
        // No common argument type: refused at compile time.
        ("r := y if { y := count([1]) with count as abs }", "error:rego_type_error"),
        ("r := y if { y := split(\"a\", \",\") with split as concat }", "error:rego_type_error"),
        ("r := y if { y := startswith(\"ab\", \"a\") with startswith as concat }", "error:rego_type_error"),
        ("r := y if { y := object.keys({\"a\": 1}) with object.keys as sort }", "error:rego_type_error"),
        ("f(x) := x + 1\nr := y if { y := f(1) with f as count }", "error:rego_type_error"),
        ("f(x) := x + 1\ng(x) := concat(\",\", x)\nr := y if { y := f(1) with f as g }", "error:rego_type_error"),
        // Overlapping types: accepted, and the replacement runs (or fails) at evaluation.
        ("r := y if { y := count([1]) with count as object.keys }", "error:eval_type_error"),
        ("r := y if { y := upper(\"a\") with upper as count }", "[{\"x\":1}]"),
        ("r := y if { y := startswith(\"ab\", \"a\") with startswith as endswith }", "[{\"x\":false}]"),
        ("f(x) := x + 1\ng(x) := x\nr := y if { y := f(1) with f as g }", "[{\"x\":1}]"),
        ("g(x, y) := 1\nr := y if { y := split(\"a\", \",\") with split as g }", "[{\"x\":1}]"),
        ("f(x) := count(x)\nr := y if { y := f([1, 2]) with count as sum }", "[{\"x\":3}]"),
        ("f(x) := x\nr := y if { y := f(1) with f as object.keys }", "error:eval_type_error"),
    ])
    func matchesOPA(rules: String, expected: String) throws {
        try RegoHarness.expectOPAAnswer(rules: rules, query: "x := data.test.r", input: "null", data: "{}", expected: expected)
    }
}
