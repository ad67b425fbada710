// `with` replacing functions and builtins, as OPA does: by a function or builtin of the
// same arity, or by a value; through every rule evaluated below the expression; the
// replacing function itself runs without the replacements. And OPA's refusals: a path
// into a rule's value, `eq`, internal functions, relations, void functions, unknown
// targets, arity mismatches. Every expected answer is the real OPA engine's (strict).
import Testing
@testable import PolicyVM

@Suite struct WithFunctionTests {
    @Test(arguments: [
        ("mock(x) := 7\np := x if { x := count([1,2]) with count as mock }", #"[{"x":{"p":7}}]"#),
        ("p := x if { x := count([1,2]) with count as 3 }", #"[{"x":{"p":3}}]"#),
        ("f(x) := x + 1\ng(x) := x * 10\np := y if { y := f(1) with f as g }", #"[{"x":{"p":10}}]"#),
        ("f(x) := x + 1\np := y if { y := f(1) with data.test.f as 5 }", #"[{"x":{"p":5}}]"#),
        ("f(x) := x + 1\np := y if { y := data.test.f(1) with data.test.f as 5 }", #"[{"x":{"p":5}}]"#),
        ("import data.test.f as ff\nf(x) := 2 * x\np := z if { z := ff(1) with ff as 5 }", #"[{"x":{"p":5}}]"#),
        ("import data.test.f as ff\nf(x) := x + 1\np := y if { y := f(1) with ff as 5 }", #"[{"x":{"p":5}}]"#),
        // Below the expression: rules are evaluated again under the replacement.
        ("f(x) := x + 1\nq := f(2)\np := y if { y := q with f as 100 }", #"[{"x":{"p":100,"q":3}}]"#),
        ("f(x) := x\nh(x) := f(x) + 1\np := z if { z := h(1) with f as 10 }", #"[{"x":{"p":11}}]"#),
        ("f(x) := x + 1\nq := f(1)\np := [y, z] if { y := q with f as 5; z := q }", #"[{"x":{"p":[5,2],"q":2}}]"#),
        ("p := y if { y := [count([1]) | true] with count as 5 }", #"[{"x":{"p":[5]}}]"#),
        // The replacing function runs without the replacements.
        ("mycount(x) := count(x) + 100\np := y if { y := count([1]) with count as mycount }", #"[{"x":{"p":101}}]"#),
        ("g(x) := count(x) * 2\np := z if { z := count([1, 2]) with count as g }", #"[{"x":{"p":4}}]"#),
        ("f(x) := x + 1\ng(x) := f(x) * 10\np := y if { y := f(1) with f as g }", #"[{"x":{"p":20}}]"#),
        ("f(x) := x + 1\np := y if { y := f(1) with f as f }", #"[{"x":{"p":2}}]"#),
        ("f(x) := y if { y := x with input as 1 }\np := y if { y := count([1]) with count as f }", #"[{"x":{"p":[1]}}]"#),
        // Builtins by builtins; values; output arguments; the last replacement wins.
        ("p := y if { y := upper(\"a\") with upper as lower }", #"[{"x":{"p":"a"}}]"#),
        ("p := z if { z := count([1]) with count as count }", #"[{"x":{"p":1}}]"#),
        ("f(x) := x\np := y if { y := f(1) with f as count }", "error:eval_type_error"),
        ("p := y if { y := count([1]) with count as upper }", "error:eval_type_error"),
        ("f(x) := 1\nr := 2\np := y if { y := f(1) with f as r }", #"[{"x":{"p":2,"r":2}}]"#),
        ("f(x) := x\np := y if { y := f(1) with f as data.nope }", #"[{"x":{}}]"#),
        ("f(x) := x\np := z if { f(1, z) with f as 10 }", #"[{"x":{"p":10}}]"#),
        ("mock(x) := 9\np := y if { count([1], y) with count as mock }", #"[{"x":{"p":9}}]"#),
        ("p := z if { z := sum([1, 2]) with sum as 1 with sum as 2 }", #"[{"x":{"p":2}}]"#),
        ("f(x) := 2 * x\np := z if { not f(1) with f as false; z := 1 }", #"[{"x":{"p":1}}]"#),
        ("f(x) := 2 * x\np := z if { z := [1 | f(1) == 2] with f as 5 }", #"[{"x":{"p":[]}}]"#),
        ("p := z if { z := time.now_ns() with time.now_ns as 5 }", #"[{"x":{"p":5}}]"#),
        ("p := z if { z := object.get({}, \"a\", 1) with object.get as 5 }", #"[{"x":{"p":5}}]"#),
        ("p := y if { y := sprintf(\"%v\", [1]) with sprintf as 5 }", #"[{"x":{"p":5}}]"#),
        ("p contains z if { some z in [1,2]; z > count([]) with count as 1 }", #"[{"x":{"p":[2]}}]"#),
        // Whole rules are replaced as documents; a rule replacing itself is recursion.
        ("q := 1\np := y if { y := q with q as 2 }", #"[{"x":{"p":2,"q":1}}]"#),
        ("p := z if { z := 1 with data.test.p as 3 }", "error:rego_recursion_error"),
        // Refusals.
        ("q := {\"a\": 1}\np := y if { y := q with data.test.q.a as 2 }", "error:rego_compile_error"),
        ("p := y if { y := 1 with internal.member_2 as 1 }", "error:rego_compile_error"),
        ("p := y if { y := count([1]) with count as concat }", "error:rego_type_error"),
        ("g(a, b) := a + b\nr := count([1])\np := y if { y := r with count as g }", "error:rego_type_error"),
        ("f(x, y) := x + y\np := z if { z := f(1, 2) with f as count }", "error:rego_type_error"),
        ("f(x) := x\np := y if { y := 1 with f as concat }", "error:rego_type_error"),
    ])
    func matchesOPA(rules: String, expected: String) {
        #expect(RegoHarness.run(["package test\n" + rules], "x := data.test", strict: true) == expected, "\(rules)")
    }

    @Test func replacementByAnInputValue() {
        let rules = "package test\np := z if { z := count([1, 2]) with count as input.n }"
        #expect(RegoHarness.run([rules], "x := data.test", input: ["n": 9], strict: true) == #"[{"x":{"p":9}}]"#)
        #expect(RegoHarness.run([rules], "x := data.test", strict: true) == #"[{"x":{}}]"#)
    }

    @Test(arguments: [
        ("p := x if { x := 1 with eq as count }", "error:rego_compile_error"),
        ("p := x if { walk([1], x) with walk as count }", "error:rego_compile_error"),
        ("p := x if { x := 1 with print as count }", "error:rego_compile_error"),
        ("p := x if { x := 1 with foo as count }", "error:rego_type_error"),
        ("p := x if { x := 1 with foo.bar as count }", "error:rego_type_error"),
    ])
    func refusedTargets(rules: String, expected: String) {
        #expect(RegoHarness.run(["package test\n" + rules], "x := data.test", strict: true) == expected, "\(rules)")
    }

    @Test func aQueryReplacesFunctionsToo() {
        #expect(RegoHarness.run(["package test\nf(x) := x"], "y := data.test.f(1) with data.test.f as 3") == #"[{"y":3}]"#)
    }
}
