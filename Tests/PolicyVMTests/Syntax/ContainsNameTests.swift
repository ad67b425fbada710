// `contains` is a keyword of rule heads and also a builtin's name: where a term stands,
// OPA reads it as a name (a call, a `with` value, or else an unsafe variable); as a
// `with` target it is a parse error. Found by treegen's `with-builtin` shape; every
// expected answer is the real OPA engine's (v1.x, rego-conformance/1).
import Testing
@testable import PolicyVM

@Suite struct ContainsNameTests {
    @Test(arguments: [
        ("r := y if { y := startswith(\"ab\", \"a\") with startswith as contains }", "[{\"x\":true}]"),
        ("r := y if { y := contains(\"ab\", \"a\") }", "[{\"x\":true}]"),
        ("r := contains", "error:rego_unsafe_var_error"),
        ("r := [contains]", "error:rego_unsafe_var_error"),
        ("r := y if { y := contains.x }", "error:rego_unsafe_var_error"),
        ("r := y if { y := 1 with contains as 5 }", "error:rego_parse_error"),
        ("r := y if { y := contains(\"ab\", \"a\") with contains as startswith }", "error:rego_parse_error"),
        ("r contains 1", "[{\"x\":[1]}]"),
    ])
    func matchesOPA(rules: String, expected: String) throws {
        try RegoHarness.expectOPAAnswer(rules: rules, query: "x := data.test.r", input: "null", data: "{}", expected: expected)
    }
}
