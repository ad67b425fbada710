// A partial object whose keys are scalars (`p[0] := 7`, `p[false] := 1`) is known to
// OPA's type checker as nodes of its rule tree: a query for a key none of its rules
// names is undefined, not a type error; a composite or variable key types the rule as
// an object of that key type, and another key is an error; each such key's node is a
// document, `{}` (or `[]` under `contains`) when no rule below it is defined. Every
// expected answer is the real OPA engine's (strict builtin errors), copied from its
// output.
import Testing
@testable import PolicyVM

@Suite struct RuleTreeScalarKeyTests {
    @Test(arguments: [
        ("p[0] := 7 if { input.enabled }", "x := data.test.p.fixed", "{\"enabled\": true}", "{}", "[]"),
        ("p[false] := 7 if { input.enabled }", "x := data.test.p.fixed", "{\"enabled\": true}", "{}", "[]"),
        ("p[0] := 7 if { input.enabled }", "x := data.test.p[0]", "{\"enabled\": true}", "{}", "[{\"x\":7}]"),
        ("p[0] := 7 if { input.enabled }", "x := data.test.p[1]", "{\"enabled\": true}", "{}", "[]"),
        ("p[[0]] := 7 if { input.enabled }", "x := data.test.p.fixed", "{\"enabled\": true}", "{}", "error:rego_type_error"),
        ("p[k] := 7 if { k := [1] }", "x := data.test.p.a", "{}", "{}", "error:rego_type_error"),
        ("p[\"a\"][k] := v if { some k, v in input.items }", "x := data.test.p.b", "{}", "{}", "[]"),
        // Each scalar key's node is a document even when no rule below it is defined.
        ("p[1][k] := v if { some k, v in input.items }", "x := data.test.p", "{}", "{}", "[{\"x\":{\"1\":{}}}]"),
        ("p[1][k] := v if { some k, v in input.items }", "x := data.test.p[1]", "{}", "{}", "[{\"x\":{}}]"),
        ("p[1] contains v if { some v in input.items }", "x := data.test.p", "{}", "{}", "[{\"x\":{\"1\":[]}}]"),
        ("p[1][2] := v if { some v in input.items }", "x := data.test.p", "{}", "{}", "[{\"x\":{\"1\":{}}}]"),
        ("p[true][k] := 1 if { some k in input.items }", "x := data.test.p", "{}", "{}", "[{\"x\":{\"true\":{}}}]"),
        ("p[1][2] contains v if { some v in input.items }", "x := data.test.p", "{}", "{}", "[{\"x\":{\"1\":{\"2\":[]}}}]"),
        ("p[1][k] := v if { some k, v in input.items }", "x := data.test.p", "{\"items\": {\"a\": 2}}", "{}", "[{\"x\":{\"1\":{\"a\":2}}}]"),
    ])
    func matchesOPA(rules: String, query: String, input: String, data: String, expected: String) throws {
        try RegoHarness.expectOPAAnswer(rules: rules, query: query, input: input, data: data, expected: expected)
    }
}
