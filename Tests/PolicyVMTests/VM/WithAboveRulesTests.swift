// `with data…` on a node of the rule tree that is not itself a rule (a prefix of ref
// heads such as `q.a.b`, `q.a.c`): OPA replaces the whole document there, the rules
// below it included, and its type checker keeps checking references below such a node
// against the rules' own types (only a replaced rule takes the replacement's type).
// Found by treegen's `with-virtual-document` shape; every expected answer is the real
// OPA engine's (v1.x, rego-conformance/1).
import Testing
@testable import PolicyVM

@Suite struct WithAboveRulesTests {
    @Test(arguments: [
        // The replacement is the document at the node, whatever rules were below it.
        ("q.a.b := 1\nr := y if { y := data.test.q.a with data.test.q.a as 5 }", "[{\"x\":5}]"),
        ("q.a.b := 1\nq.a.c := 2\nr := y if { y := data.test.q with data.test.q.a as 5 }", "[{\"x\":{\"a\":5}}]"),
        ("q.a.b := 1\nq.a.c := 2\nr := y if { y := data.test.q with data.test.q as 5 }", "[{\"x\":5}]"),
        ("q.a.b := 1\nq.x := 2\nr := y if { y := data.test.q with data.test.q.a as {\"z\": 7} }",
         "[{\"x\":{\"a\":{\"z\":7},\"x\":2}}]"),
        // A rule below the replaced node reads into the replacement: undefined, no type error.
        ("q.a.b := 1\nq.a.c := 2\nr := y if { y := data.test.q.a.c with data.test.q.a as 5 }", "[]"),
        ("q.a.b := 1\nr := y if { y := data.test.q.a.b with data.test.q as 5 }", "[]"),
        ("q.a.b := 1\nq.a.c := 2\nr := y if { y := data.test.q.a.b with data.test.q.a as 7 }", "[]"),
        ("q.a.b := 1\nq.a.c := 2\nr := y if { y := data.test.q.a.c with data.test.q.a as {\"b\": 7} }", "[]"),
        ("q.a.b := 1\nq.a.c := 2\nr := y if { y := data.test.q.a.b with data.test.q.a as {\"b\": 7} }", "[{\"x\":7}]"),
        // A replaced rule has the replacement's type; below a rule, the rule's own type.
        ("q := 5\nr := y if { y := data.test.q.a with data.test.q as {\"a\": 1} }", "[{\"x\":1}]"),
        ("q := {\"a\": 1}\nr := y if { y := data.test.q.a.b with data.test.q as {\"a\": 1} }", "error:rego_type_error"),
        ("q.a.b := 1\nr := y if { y := data.test.q.a.b.c with data.test.q.a as 5 }", "error:rego_type_error"),
    ])
    func matchesOPA(rules: String, expected: String) throws {
        try RegoHarness.expectOPAAnswer(rules: rules, query: "x := data.test.r", input: "null", data: "{}", expected: expected)
    }
}
