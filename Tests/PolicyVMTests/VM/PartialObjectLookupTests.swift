// One key of a partial object, looked up: OPA unifies the head's key with it before the
// body, so only that key's definitions count: a conflict or a failing builtin at another
// key is no error (the issue's `eval_conflict_error` where OPA answers). The whole object
// still conflicts. Expected answers are the real OPA engine's (strict builtin errors).
import Testing
@testable import PolicyVM

@Suite struct PartialObjectLookupTests {
    static let conflictAtB = "p[k] := v if { some k in [\"a\", \"b\"]; some v in [1, 2]; k == \"b\" }"

    @Test(arguments: [
        // A conflict at another key: undefined here, an error for the whole object.
        (conflictAtB, "x := data.test.p.a", "[]"),
        (conflictAtB, "x := data.test.p[\"a\"]", "[]"),
        (conflictAtB + "\nr := p[\"a\"]", "x := data.test.r", "[]"),
        (conflictAtB, "x := \"a\"; y := data.test.p[x]", "[]"),
        (conflictAtB + "\nq := {k: v | some k in [\"a\"]; v := p[k]}", "x := data.test.q", #"[{"x":{}}]"#),
        (conflictAtB + "\np.a := 7", "x := data.test.p.a", #"[{"x":7}]"#),
        (conflictAtB, "x := data.test.p.b", "error:eval_conflict_error"),
        (conflictAtB, "some k; x := data.test.p[k]", "error:eval_conflict_error"),
        (conflictAtB, "x := data.test", "error:eval_conflict_error"),
        ("p[k] := v if { some k in [\"a\", \"b\"]; some v in [1, 2]; k == \"a\" }", "x := data.test.p.a", "error:eval_conflict_error"),
        ("p[k] := v if { k := \"a\"; v := 1 }\np[k] := v if { k := \"b\"; some v in [1, 2] }\nr := p.a\ns := count(p)",
         "x := data.test.r", #"[{"x":1}]"#),
        // A failing builtin at another key.
        ("p[k] := v if { some k, d in {\"a\": 1, \"b\": 0}; v := 10 / d }", "x := data.test.p.a", #"[{"x":10}]"#),
        ("p[k] := v if { some k, d in {\"a\": 1, \"b\": 0}; v := 10 / d }", "x := data.test.p.b", "error:eval_builtin_error"),
        ("p[k] := 1 / 0 if { some k in [\"b\"] }\np[k] := 1 if { some k in [\"a\"] }", "x := data.test.p.a", #"[{"x":1}]"#),
        // Key patterns and nested keys.
        ("p[[a, b]] := 1 if { some a in [1, 2]; some b in [1, 2] }\np[[a, b]] := 2 if { some a in [1]; some b in [2] }",
         "x := data.test.p[[1, 1]]", #"[{"x":1}]"#),
        ("p[a][b] := v if { some a in [\"x\", \"y\"]; b := \"k\"; some v in [1, 2]; a == \"y\" }\np[a][b] := 1 if { a := \"x\"; b := \"k\" }",
         "x := data.test.p.x", #"[{"x":{"k":1}}]"#),
        ("p[k] := v if { some i, k in [\"a\", \"b\"]; some v in [1, 2]; i == 1 }", "x := data.test.p.a", "[]"),
        ("q contains k if { some k in [\"a\", \"b\"] }\np[k] := v if { some k in q; some v in [1, 2]; k == \"b\" }",
         "x := data.test.p.a", "[]"),
    ])
    func oneKeyAsOPA(rules: String, query: String, expected: String) {
        #expect(RegoHarness.run(["package test\n" + rules], query, strict: true) == expected, "\(rules)\n\(query)")
    }

    @Test func keyBoundByTheBodyFromInput() {
        let rules = "package test\np[k] := v if { v := input.m[k]; v > 0 }\np[k] := 2 if { some k in [\"z\", \"a\"]; k == \"z\" }"
        #expect(RegoHarness.run([rules], "x := data.test.p.a", input: ["m": ["a": 1, "z": 5]], strict: true) == #"[{"x":1}]"#)
    }

    @Test(arguments: [
        // A default below a rule whose keys vary there is ignored (OPA)...
        ("default p[\"a\"] := 0\np[k] := 1 if { some k in [\"b\"] }", "x := data.test.p.a", "[]"),
        ("default p[\"a\"] := 0\np[k] := 1 if { some k in [\"b\"] }", "x := data.test", #"[{"x":{"p":{"b":1}}}]"#),
        ("default p[1] := 0\np[x][y] := 1 if { x := 5; y := 1 }", "x := data.test", #"[{"x":{"p":{"5":{"1":1}}}}]"#),
        ("default p.a := 0\np[x] contains 1 if { x := 5 }", "x := data.test", #"[{"x":{"p":{"5":[1]}}}]"#),
        ("default p.a.b := 0\np.a[x] := 1 if { x := 5 }", "x := data.test", #"[{"x":{"p":{"a":{"5":1}}}}]"#),
        ("default p.a.b := 0\np[x] := 1 if { x := 5 }", "x := data.test", #"[{"x":{"p":{"5":1}}}]"#),
        // ...but applies beside constant keys, or keys that vary elsewhere.
        ("default p[\"a\"] := 0\np.b := 1", "x := data.test.p.a", #"[{"x":0}]"#),
        ("default p[1] := 0\np[2] := 1 if false", "x := data.test", #"[{"x":{"p":{"1":0}}}]"#),
        ("default p[1] := 0\np.a[x] := 1 if { x := 5 }", "x := data.test", #"[{"x":{"p":{"1":0,"a":{"5":1}}}}]"#),
        ("default p.a := 0\nq[x] := 1 if { x := 5 }", "x := data.test", #"[{"x":{"p":{"a":0},"q":{"5":1}}}]"#),
    ])
    func defaultsBelowVaryingKeys(rules: String, query: String, expected: String) {
        #expect(RegoHarness.run(["package test\n" + rules], query) == expected, "\(rules)\n\(query)")
    }
}
