// A head that needs evaluating (a reference, a call, an operator, a comprehension, a
// global name, or a composite holding one) is moved into the body by OPA, and a body
// that is the single expression `not true` is then taken for a bodyless rule's implicit
// body and replaced: the rule holds. A plain argument or constant head is not moved,
// and any other body keeps its meaning. Every expected answer is the real OPA engine's.
import Testing
@testable import PolicyVM

@Suite struct HeadRewriteTests {
    @Test(arguments: [
        ("b := input.x if { not true }\nc := input.x if { true; not true }\nd := input.x if { not 1 == 1 }\nk := {\"a\": 1} if { not true }", "x := data.test", "{\"x\": 5}", "{}", "[{\"x\":{\"b\":5}}]"),
        ("b := input.x if { not true } else := 7\ne := 1 if { false } else := input.x if { not true }", "x := data.test", "{\"x\": 5}", "{}", "[{\"x\":{\"b\":5,\"e\":5}}]"),
        ("o[input.k] := 1 if { not true }\no2[\"a\"] := input.x if { not true }\ng contains input.x if { not true }", "x := data.test", "{\"x\": 5, \"k\": \"kk\"}", "{}", "[{\"x\":{\"g\":[5],\"o\":{\"kk\":1},\"o2\":{\"a\":5}}}]"),
        ("f(y) := input.x if { not true }\nf1(y) := y.a if { not true }\nf2(y) := [y] if { not true }\nf3(y) := y if { not true }\nr := [f(1), f1({\"a\": 2})]\ns := f2(1)\nt := f3(1)", "x := data.test", "{\"x\": 5}", "{}", "[{\"x\":{\"r\":[5,2]}}]"),
        ("g(y) := y + 1 if { not true }\nh := 1 + 2 if { not true }\nq := input.x if { not true with input as 1 }\nc := 3\nbb := c if { not true }\nd := [x | some x in [1]] if { not true }\nr := gv if { gv := g(1) }", "x := data.test", "{\"x\": 5}", "{}", "[{\"x\":{\"bb\":3,\"c\":3,\"d\":[1],\"h\":3,\"q\":5,\"r\":2}}]"),
    ])
    func matchesOPA(rules: String, query: String, input: String, data: String, expected: String) throws {
        try RegoHarness.expectOPAAnswer(rules: rules, query: query, input: input, data: data, expected: expected)
    }
}
