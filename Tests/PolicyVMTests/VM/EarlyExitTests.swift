// OPA's early exit and the order it tries a rule's definitions in (IndexedBranch,
// RuleSetCompiler+TryOrder): which definition runs first, and whether the first value
// ends the evaluation, decide which error a program with two reports, or whether it
// reports one at all. Every expected answer is copied from the real OPA engine's output
// (v1.20, strict builtin errors, through shared/conformance/reference_runner.py).
import Testing
@testable import PolicyVM

@Suite struct EarlyExitTests {
    @Test(arguments: [
        // Every definition has the same ground value: the first value ends the rule, a later
        // definition's error is never reached (defaults and `with` in a body change nothing).
        ("p if true\np if to_number(\"x\")", "x := data.test.p", "null", "{}", "[{\"x\":true}]"),
        ("default p := 7\np := 1 if true\np := 1 if to_number(\"x\")", "x := data.test.p", "null", "{}", "[{\"x\":1}]"),
        ("p := 1 if true\np := 1.0 if to_number(\"x\")", "x := data.test.p", "null", "{}", "[{\"x\":1}]"),
        ("p := -1 if true\np := - 1 if to_number(\"x\")", "x := data.test.p", "null", "{}", "[{\"x\":-1}]"),
        ("p := [1, \"a\"] if true\np := [1, \"a\"] if to_number(\"x\")", "x := data.test.p", "null", "{}", "[{\"x\":[1,\"a\"]}]"),
        ("p := {1, 2} if true\np := {2, 1} if to_number(\"x\")", "x := data.test.p", "null", "{}", "[{\"x\":[1,2]}]"),
        ("p := {\"a\": [1]} if true\np := {\"a\": [1]} if to_number(\"x\")", "x := data.test.p", "null", "{}", "[{\"x\":{\"a\":[1]}}]"),
        ("p := set() if true\np := set() if to_number(\"x\")", "x := data.test.p", "null", "{}", "[{\"x\":[]}]"),
        ("p := null if true\np := null if to_number(\"x\")", "x := data.test.p", "null", "{}", "[{\"x\":null}]"),
        ("p if { input.x with input as {\"x\": 1} }\np if to_number(\"x\")", "x := data.test.p", "null", "{}", "[{\"x\":true}]"),
        ("p := 1 if false else := 1\np := 1 if to_number(\"x\")", "x := data.test.p", "null", "{}", "[{\"x\":1}]"),
        ("f(_) := 1 if true\nf(_) := 1 if to_number(\"x\")", "x := data.test.f(1)", "null", "{}", "[{\"x\":1}]"),
        ("f(_) if true\nf(_) if to_number(\"x\")", "x := data.test.f(1)", "null", "{}", "[{\"x\":true}]"),
        // Not early exit: another value, a head OPA evaluates (a variable, `1 + 1`), an `else`
        // with another value (even one never reached), a partial rule.
        ("p := 1 if true\np := 2 if to_number(\"x\")", "x := data.test.p", "null", "{}", "error:eval_builtin_error"),
        ("p := x if { x := 1 }\np := 1 if to_number(\"x\")", "x := data.test.p", "null", "{}", "error:eval_builtin_error"),
        ("p := 1 if true\np := x if { x := 1; to_number(\"x\") }", "x := data.test.p", "null", "{}", "error:eval_builtin_error"),
        ("p := 1 + 1 if true\np := 1 + 1 if to_number(\"x\")", "x := data.test.p", "null", "{}", "error:eval_builtin_error"),
        ("p := 1 if true else := 2\np := 1 if to_number(\"x\")", "x := data.test.p", "null", "{}", "error:eval_builtin_error"),
        ("p := 1 if false else := 1 + 0\np := 1 if to_number(\"x\")", "x := data.test.p", "null", "{}", "error:eval_builtin_error"),
        ("p contains 1 if true\np contains 1 if to_number(\"x\")", "x := data.test.p", "null", "{}", "error:eval_builtin_error"),
        ("f(_) := 1 if true\nf(_) := 2 if to_number(\"x\")", "x := data.test.f(1)", "null", "{}", "error:eval_builtin_error"),
        ("f(x) := x if true\nf(x) := 1 if to_number(\"x\")", "x := data.test.f(1)", "null", "{}", "error:eval_builtin_error"),
        // Values differ, but only among the definitions OPA's index admits for this input
        // do they count: the same admitted values exit early.
        ("p := 1 if input.x == 1\np := 2 if input.x == 2\np := 1 if { input.x == 1; input.y; to_number(\"x\") }", "x := data.test.p", "{\"x\": 1, \"y\": 1}", "{}", "[{\"x\":1}]"),
        ("p := 1 if input.x == 1\np := 2 if input.x == 2\np := 1 if { input.x == 1; input.y; to_number(\"x\") }", "x := data.test.p", "{\"x\": 2, \"y\": 1}", "{}", "[{\"x\":2}]"),
        ("default p := 5\np := 1 if input.x == 1\np := 2 if input.x == 2\np := 1 if { input.x == 1; input.y; to_number(\"x\") }", "x := data.test.p", "{\"x\": 1, \"y\": 1}", "{}", "[{\"x\":1}]"),
        ("p := 1 if input.x == 1\np := 2 if input.x == 2\np := 1.0 if { input.x == 1; input.y; to_number(\"x\") }", "x := data.test.p", "{\"x\": 1, \"y\": 1}", "{}", "[{\"x\":1}]"),
        ("p := 1 if input.x == 1\np := v if { input.x == 2; v := 1 }\np := 1 if { input.x == 1; input.y; to_number(\"x\") }", "x := data.test.p", "{\"x\": 1, \"y\": 1}", "{}", "[{\"x\":1}]"),
        ("p := 1 if input.x == 1\np := v if { input.x == 1; v := 1 }\np := 1 if { input.x == 1; input.y; to_number(\"x\") }", "x := data.test.p", "{\"x\": 1, \"y\": 1}", "{}", "error:eval_builtin_error"),
        ("p := 1 if input.x == 1\np := 2 if { input.x == 1; false }\np := 1 if { input.x == 1; input.y; to_number(\"x\") }", "x := data.test.p", "{\"x\": 1, \"y\": 1}", "{}", "error:eval_builtin_error"),
        ("p := 1 if input.x == \"a\"\np := 2 if input.x in {\"b\"}\np := 1 if { input.x == \"a\"; input.y; to_number(\"x\") }", "x := data.test.p", "{\"x\": \"a\", \"y\": 1}", "{}", "[{\"x\":1}]"),
        ("p := 1 if input.x == \"a\"\np := 2 if { v := input.x; v in {\"b\", \"c\"} }\np := 1 if { input.x == \"a\"; input.y; to_number(\"x\") }", "x := data.test.p", "{\"x\": \"a\", \"y\": 1}", "{}", "[{\"x\":1}]"),
        ("p := 1 if input.x == \"a\"\np := 2 if { v := input.x; v in {\"b\", \"c\"} }\np := 1 if { input.x == \"a\"; input.y; to_number(\"x\") }", "x := data.test.p", "{\"x\": \"c\", \"y\": 1}", "{}", "[{\"x\":2}]"),
        ("p := 1 if input.x == 1\np := 2 if { input.x == 2 with input.z as 1 }\np := 1 if { input.x == 1; input.y; to_number(\"x\") }", "x := data.test.p", "{\"x\": 1, \"y\": 1}", "{}", "error:eval_builtin_error"),
        ("p := 1 if { input.a; input.c } else := 2 if { input.b }\np := 1 if { input.c; input.a; input.d; to_number(\"x\") }", "x := data.test.p", "{\"a\": 1, \"c\": 1, \"d\": 1}", "{}", "[{\"x\":1}]"),
        ("p := 1 if { input.a; input.c } else := 2 if { input.b }\np := 1 if { input.c; input.a; input.d; to_number(\"x\") }", "x := data.test.p", "{\"a\": 1, \"b\": 1, \"c\": 1, \"d\": 1}", "{}", "error:eval_builtin_error"),
        ("f(x) := 1 if x == 1\nf(x) := 2 if x == 2\nf(x) := 1 if { x == 1; input.y; to_number(\"x\") }", "x := data.test.f(1)", "{\"y\": 1}", "{}", "[{\"x\":1}]"),
        ("f(x) := 1 if x == 1\nf(x) := 2 if x == 2\nf(x) := 1 if { x == 1; input.y; to_number(\"x\") }", "x := data.test.f(2)", "{\"y\": 1}", "{}", "[{\"x\":2}]"),
        // OPA's lookup also admits a definition comparing a document with a scalar when the
        // document is a collection holding it (another value then: no early exit).
        ("p := 1 if input.y == 1\np := 2 if input.x == 1\np := 1 if { input.y == 1; input.z == 1; to_number(\"x\") }\np := 1 if { input.y == 1; input.x; to_number(\"x\") }", "x := data.test.p", "{\"x\": [1, 2], \"y\": 1}", "{}", "error:eval_builtin_error"),
        ("p := 1 if input.y == 1\np := 2 if input.x == 1\np := 1 if { input.y == 1; input.z == 1; to_number(\"x\") }\np := 1 if { input.y == 1; input.x; to_number(\"x\") }", "x := data.test.p", "{\"x\": [3], \"y\": 1}", "{}", "[{\"x\":1}]"),
        ("p := 1 if input.y == 1\np := 2 if data.s == 3\np := 1 if { input.y == 1; data.s; to_number(\"x\") }", "x := data.test.p", "{\"y\": 1}", "{\"s\": [3]}", "error:eval_builtin_error"),
        // The order definitions are tried in: unconditional ones first, as written; then by
        // the trie's depth-first walk over the documents ranked by how many conditions name them
        // (ties: the one written first), no condition before "defined" before a value.
        ("p := 1 if input.x == 1\np := 2 if input.x == 2\np := 1 if { input.y; to_number(\"x\") }", "x := data.test.p", "{\"x\": 1, \"y\": 1}", "{}", "error:eval_builtin_error"),
        ("p if input.a\np if { input.a; input.b; to_number(\"x\") }", "x := data.test.p", "{\"a\": 1, \"b\": 1}", "{}", "[{\"x\":true}]"),
        ("p if { input.a; input.b; to_number(\"x\") }\np if input.a", "x := data.test.p", "{\"a\": 1, \"b\": 1}", "{}", "[{\"x\":true}]"),
        ("p if { input.b; to_number(\"x\") }\np if input.a", "x := data.test.p", "{\"a\": 1, \"b\": 1}", "{}", "[{\"x\":true}]"),
        ("p if input.a\np if { input.b; to_number(\"x\") }", "x := data.test.p", "{\"a\": 1, \"b\": 1}", "{}", "error:eval_builtin_error"),
        ("p if { input.a; to_number(\"x\") }\np if input.b\np if { input.b; input.a }", "x := data.test.p", "{\"a\": 1, \"b\": 1, \"c\": 1}", "{}", "[{\"x\":true}]"),
        ("p if { input.a; to_number(\"x\") }\np if input.b\np if { input.b; input.a }\np if { input.b; input.c }", "x := data.test.p", "{\"a\": 1, \"b\": 1, \"c\": 1}", "{}", "error:eval_builtin_error"),
        ("p if { input.x in {\"a\", \"b\"}; to_number(\"x\") }\np if input.x", "x := data.test.p", "{\"x\": \"a\"}", "{}", "[{\"x\":true}]"),
        ("p if { input.x == \"a\"; input.y; to_number(\"x\") }\np if { v := input.x; v in {\"a\", \"b\"} }", "x := data.test.p", "{\"x\": \"a\", \"y\": 1}", "{}", "[{\"x\":true}]"),
        ("f(x, 2) := 1 if to_number(\"x\")\nf(x, y) := 1 if true", "x := data.test.f(1, 2)", "null", "{}", "error:eval_builtin_error"),
        ("f(x, y) := 1 if true\nf(x, 2) := 1 if to_number(\"x\")", "x := data.test.f(1, 2)", "null", "{}", "[{\"x\":1}]"),
        ("f(x, y) := 1 if { y == 2; to_number(\"x\") }\nf(x, y) := 1 if true", "x := data.test.f(1, 2)", "null", "{}", "[{\"x\":1}]"),
        ("f(x) := 1 if { x == 1; to_number(\"x\") }\nf(x) := 1 if { input.a }", "x := data.test.f(1)", "{\"a\": 1}", "{}", "error:eval_builtin_error"),
        ("f(x) := 1 if { input.a; to_number(\"x\") }\nf(x) := 1 if { x == 1 }", "x := data.test.f(1)", "{\"a\": 1}", "{}", "[{\"x\":1}]"),
        // Partial objects: definitions with variable keys are one rule to OPA's index, tried in
        // its order; constant keys are rules of their own, run as written.
        ("p[k] := 1 if { k := \"x\"; to_number(\"first\") }\np[k] := 1 if { k := \"y\"; input.a; abs(input.s) }", "x := data.test.p", "{\"a\": 1, \"s\": \"x\"}", "{}", "error:eval_builtin_error"),
        ("p[k] := 1 if { k := \"x\"; input.a; to_number(\"first\") }\np[k] := 1 if { k := \"y\"; abs(input.s) }", "x := data.test.p", "{\"a\": 1, \"s\": \"x\"}", "{}", "error:eval_type_error"),
        ("p[\"x\"] := 1 if { input.a; to_number(\"first\") }\np[\"y\"] := 1 if { abs(input.s) }", "x := data.test.p", "{\"a\": 1, \"s\": \"x\"}", "{}", "error:eval_builtin_error"),
        ("p contains k if { k := \"x\"; input.a; to_number(\"first\") }\np contains k if { k := \"y\"; abs(input.s) }", "x := data.test.p", "{\"a\": 1, \"s\": \"x\"}", "{}", "error:eval_type_error"),
    ])
    func matchesOPA(rules: String, query: String, input: String, data: String, expected: String) throws {
        try RegoHarness.expectOPAAnswer(rules: rules, query: query, input: input, data: data, expected: expected)
    }

    /// A rule set whose definitions all give one ground value stops at its first value
    /// (a property of the procedure); one whose values differ checks, after a value, whether
    /// the index admits a differently valued definition (code after the yield, not the loop).
    @Test func earlyExitIsDecidedAtCompileTime() throws {
        func listing(_ source: String) throws -> String {
            let program = try PolicyCompiler.compile([("m.rego", "package t\n" + source)], data: .emptyObject)
            return program.procedures.map(Disassembler.text).joined(separator: "\n")
        }
        #expect(try listing("p := 1 if input.a\np := 1 if input.b").contains("stops-at-first-value"))
        let mixed = try listing("p := 1 if input.a == 1\np := 2 if input.a == 2")
        #expect(!mixed.contains("stops-at-first-value"))
        // One `return` per value yielded (its early exit), and the procedure's own.
        #expect(mixed.components(separatedBy: "return").count - 1 == 3)
        // After the unconditional definition's value only (the other may not be admitted);
        // after the other's, never (the unconditional one always is).
        let oneSided = try listing("p := 1 if input.a == 1\np := 2 if true")
        #expect(oneSided.components(separatedBy: "return").count - 1 == 2)
    }
}
