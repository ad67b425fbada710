// Rule heads as OPA v1 reads them, evaluated: refs with keys of any type, `contains`
// below keys, defaults for one key, function heads with no body, negative arguments,
// and the grammar's ambiguous shapes. Every expected answer is the real OPA engine's
// (../shared/conformance/reference_runner.py, OPA v1.20).
import Testing
@testable import PolicyVM

@Suite struct RuleHeadTests {
    @Test(arguments: [
        // Keys that are not strings, with defaults per key (regorus default/basic).
        ("default complex[true] = \"bool_true\"\ndefault complex[false] = \"bool_false\"\ncomplex[\"hello\"] = \"world\"",
         #"[{"x":{"complex":{"false":"bool_false","hello":"world","true":"bool_true"}}}]"#),
        ("default p[1] := 2\np[2] := 3", #"[{"x":{"p":{"1":2,"2":3}}}]"#),
        ("default p[x] := 1", "error:rego_unsafe_var_error"),
        ("p[1] := 1 if { false } else := 2", #"[{"x":{"p":{"1":2}}}]"#),
        ("default p\nq[x] := y if { some x, y in {\"a\": [1], \"b\": [2]} }\nq[\"a\"][0] := 1", "error:eval_conflict_error"),
        // `contains` below keys: sets at the keys' path.
        ("q[a][b] contains 1 if { a := \"x\"; b := \"y\" }", #"[{"x":{"q":{"x":{"y":[1]}}}}]"#),
        ("q[a] contains b if { some a in [\"x\", \"y\"]; b := 1 }", #"[{"x":{"q":{"x":[1],"y":[1]}}}]"#),
        ("a.b[c] contains x if { c := \"k\"; some x in [1, 2] }", #"[{"x":{"a":{"b":{"k":[1,2]}}}}]"#),
        ("principal := \"u\"\nq[principal] contains 1 if true", #"[{"x":{"principal":"u","q":{"u":[1]}}}]"#),
        ("principal := input.principal\naction := input.action\np[principal][action] := 1 if {\n  some a in []\n}\nq[principal][action] contains 1 if {\n  some a in []\n}",
         #"[{"x":{"p":{},"q":{}}}]"#),
        // Nested entries conflict with a whole entry and with another value at the leaf.
        ("p[k][j] := 1 if { k := \"a\"; j := \"b\" }\np.a := {\"c\": 2}", "error:eval_conflict_error"),
        ("p[k][j] := {\"x\": v} if { some k in [\"a\"]; j := \"b\"; some v in [1, 2] }", "error:eval_conflict_error"),
        // Function heads: alone they are true; arguments may be negative; no calls.
        ("f(1, x)\nr := [f(1, 2)]\ns := f(2, 2)", #"[{"x":{"r":[true]}}]"#),
        ("f(-1, x) := x\nr := f(-1, 2)", #"[{"x":{"r":2}}]"#),
        ("f(1+2) := 1", "error:rego_compile_error"),
        // Ambiguous shapes.
        ("x if { 1:2 | some p in [1,2] }\ny := 2 if { 1:2 | some p in [1,2] }", #"[{"x":{"x":true,"y":2}}]"#),
        ("s := {{1} | {2}, {3}}\na := [{1} | {2}, {3}]\no := {\"a\": {1} | {2}, \"b\": 1}",
         #"[{"x":{"a":[[1,2],[3]],"o":{"a":[1,2],"b":1},"s":[[1,2],[3]]}}]"#),
        ("p := 1 q := 2\nimport data.test.p as pp\nr := pp", #"[{"x":{"p":1,"q":2,"r":1}}]"#),
    ])
    func matchesOPA(rules: String, expected: String) {
        #expect(RegoHarness.run(["package test\n" + rules], "x := data.test") == expected, "\(rules)")
    }

    @Test func objectPatternAfterIf() {
        let module = "package test\nv := a if {\"k\": a} := input.x"
        #expect(RegoHarness.run([module], "x := data.test", input: ["x": ["k": 7]]) == #"[{"x":{"v":7}}]"#)
    }
}
