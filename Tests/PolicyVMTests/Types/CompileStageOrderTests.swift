// Which error a program with several mistakes gets, and the analysis rules the type
// checker depends on, each verdict the real OPA engine's: calls of undefined functions
// and wrong arities come before safety, `x := <uses x>` reads an `x` from above, a
// comprehension owns the names it declares, and two literals of shapes that never
// match are a type error rather than an unsafe variable; a second default of a rule is
// a type error at the package (naming every default), and `not` before `:=` is refused
// before the variable's safety is looked at. Every body's declarations are checked
// before rule conflicts (OPA's RewriteLocalVars stage comes first); the rule tree a
// reference sees grows one definition at a time, and a scalar key is a node of it.
import Testing
@testable import PolicyVM

@Suite struct CompileStageOrderTests {
    static let cases: [(String, String)] = [
        ("r if { x := y }\nm := count()", "mod0.rego:3:6: rego_type_error: count: arity mismatch\n\thave: ()\n"
            + "\twant: (collection: any<string, array[any], object[any: any], set[any]>)"),
        ("r if { x := y }\nm := foo(1)", "mod0.rego:3:6: rego_type_error: undefined function foo"),
        ("r if { x := y }\nm if { input.x }", "mod0.rego:2:8: rego_unsafe_var_error: var x is unsafe"),
        ("r if { x := x + 1 }", "mod0.rego:2:8: rego_compile_error: var x referenced above"),
        ("r if { x := {\"a\": x} }", "mod0.rego:2:8: rego_compile_error: var x referenced above"),
        ("r if { x := [x | some x in [1]] }", "ok"),
        ("r := y if {\n  y1 := [x | some x in [1, 2]]\n  y2 := [y | some x, y in [1, 2]; x >= 1]\n  y := [y1, y2]\n}", "ok"),
        ("x if { [1, 2] = [1] }", "mod0.rego:2:8: rego_type_error: match error\n\tleft  : array<number, number>\n\tright : array<number>"),
        ("f(x) := x\ny := data.p.f", "mod0.rego:3:6: rego_type_error: function data.p.f used as reference, not called"),
        ("a := data.p[2]", "ok"),
        // Found by mutating OPA's conformance cases (scripts/mutagen.py); OPA's lines.
        ("default a := 1\ndefault a := 2", "mod0.rego:1:1: rego_type_error: multiple default rules data.p.a found at mod0.rego:2, mod0.rego:3"),
        ("default q[\"k\"] := 1\nq[\"j\"] := 2\ndefault q[\"k\"] := 3",
         "mod0.rego:1:1: rego_type_error: multiple default rules data.p.q.k found at mod0.rego:2, mod0.rego:4"),
        ("r if { x := 1; not x := 2 }", "mod0.rego:2:16: rego_compile_error: cannot assign vars inside negated expression"),
        ("r := [1 | not x := 1]", "mod0.rego:2:11: rego_compile_error: cannot assign vars inside negated expression"),
        // Declarations are checked in every body before conflicts, functions and types.
        ("default a := 1\ndefault a := 2\nr if { x := 1; x := 2 }", "mod0.rego:4:16: rego_compile_error: var x assigned above"),
        ("f(x) := 1\nf(x, y) := 2\nr if { some z }", "mod0.rego:4:8: rego_compile_error: declared var z unused"),
        ("r := count(1, 2, 3)\ns if { x := 1; x := 2 }", "mod0.rego:3:16: rego_compile_error: var x assigned above"),
        ("r := nofunc(1)\ns if { x := 1; x := 2 }", "mod0.rego:3:16: rego_compile_error: var x assigned above"),
        // Each definition is typed in turn: the second sees the first in the rule tree.
        ("a := 5\na = [data[1]]", "mod0.rego:3:6: rego_type_error: undefined ref: data[1]\n\tdata[1]\n\t     ^\n"
            + "\t     have (type): number\n\t     want (one of): [\"p\"]"),
        ("a = [data[1]]\na := 5", "ok"),
        // A scalar key is a node of the rule tree; a composite one is typed as a variable one.
        ("q[0] := 7\nr := data.p.q.fixed", "ok"),
        ("q[0] := 7\nq[1] := \"a\"\nr := data.p.q + 1", "mod0.rego:4:6: rego_type_error: plus: invalid argument(s)\n"
            + "\thave: (object<0: number, 1: string>[string: any], number, ???)\n\twant: (x: number, y: number, z: number)"),
        ("q[[0]] := 7\nr := data.p.q.fixed", "mod0.rego:3:6: rego_type_error: undefined ref: data.p.q.fixed\n\tdata.p.q.fixed\n"
            + "\t         ^\n\t         have: \"fixed\"\n\t         want (type): array<number>"),
        ("q := 1\na := data.p[2]", "mod0.rego:3:6: rego_type_error: undefined ref: data.p[2]\n\tdata.p[2]\n\t       ^\n"
            + "\t       have (type): number\n\t       want (one of): [\"q\"]"),
    ]

    @Test(arguments: cases)
    func firstErrorIsOPAs(_ source: String, _ expected: String) {
        let got: String
        do {
            _ = try PolicyCompiler.compile([("mod0.rego", "package p\n" + source)])
            got = "ok"
        } catch {
            got = error.errors.first.map(\.description) ?? "?"
        }
        #expect(got == expected)
    }
}
