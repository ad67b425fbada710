// The type checker's verdicts and messages: each expected text is the real OPA
// engine's answer for the same module (OPA writes `mod0.rego:3:`; we add the column),
// and the accepted programs are ones OPA accepts.
import Testing
@testable import PolicyVM

@Suite struct TypeCheckerTests {
    static func errors(_ source: String) -> String {
        do {
            _ = try PolicyCompiler.compile([("mod0.rego", "package p\n" + source)])
            return "ok"
        } catch {
            return error.description
        }
    }

    static let rejected: [(String, String)] = [
        ("x := {\"a\": 1}.b == 1", """
         mod0.rego:2:6: rego_type_error: undefined ref: {"a": 1}.b
         \t{"a": 1}.b
         \t         ^
         \t         have: "b"
         \t         want (one of): ["a"]
         """),
        ("x := {\"a\": 1, \"b\": 2}.c", """
         mod0.rego:2:6: rego_type_error: undefined ref: {"a": 1, "b": 2}.c
         \t{"a": 1, "b": 2}.c
         \t                 ^
         \t                 have: "c"
         \t                 want (one of): ["a" "b"]
         """),
        ("x := {\"a\": {\"b\": 1}}.a.c", """
         mod0.rego:2:6: rego_type_error: undefined ref: {"a": {"b": 1}}.a.c
         \t{"a": {"b": 1}}.a.c
         \t                  ^
         \t                  have: "c"
         \t                  want (one of): ["b"]
         """),
        ("x := [1,2][5]", """
         mod0.rego:2:6: rego_type_error: undefined ref: [1, 2][5]
         \t[1, 2][5]
         \t       ^
         \t       have: 5
         \t       want (type): number
         """),
        ("x if { y := {\"a\": 1}; y.b == 1 }", """
         mod0.rego:2:23: rego_type_error: undefined ref: y.b
         \ty.b
         \t  ^
         \t  have: "b"
         \t  want (one of): ["a"]
         """),
        ("x if { y := {\"a\": [1]}; z := y.a[0].c }", """
         mod0.rego:2:30: rego_type_error: undefined ref: y.a[0].c
         \ty.a[0].c
         \t^^^^^^
         \thave: number
         """),
        ("p := 1\nx if { p.a }", """
         mod0.rego:3:8: rego_type_error: undefined ref: data.p.p.a
         \tdata.p.p.a
         \t^^^^^^^^
         \thave: number
         """),
        ("p contains 1\nx if { p[1]; p[\"a\"] }", """
         mod0.rego:3:14: rego_type_error: undefined ref: data.p.p.a
         \tdata.p.p.a
         \t         ^
         \t         have: "a"
         \t         want (type): number
         """),
        ("p[k] := 1 if { k := \"a\" }\nx if { p[1] }", """
         mod0.rego:3:8: rego_type_error: undefined ref: data.p.p[1]
         \tdata.p.p[1]
         \t         ^
         \t         have: 1
         \t         want (type): string
         """),
        ("q := 1\na := [data[1]]", """
         mod0.rego:3:7: rego_type_error: undefined ref: data[1]
         \tdata[1]
         \t     ^
         \t     have (type): number
         \t     want (one of): ["p"]
         """),
        ("q := count(1)", """
         mod0.rego:2:6: rego_type_error: count: invalid argument(s)
         \thave: (number, ???)
         \twant: (collection: any<string, array[any], object[any: any], set[any]>, n: number)
         """),
        ("x := 1 + \"a\"", """
         mod0.rego:2:6: rego_type_error: plus: invalid argument(s)
         \thave: (number, string, ???)
         \twant: (x: number, y: number, z: number)
         """),
        ("y := \"a\"\nx := -y", """
         mod0.rego:3:6: rego_type_error: minus: invalid argument(s)
         \thave: (number, string, ???)
         \twant: (x: any<number, set[any]>, y: any<number, set[any]>, z: any<number, set[any]>)
         """),
        ("x if { y := {1}; z := y | 1 }", """
         mod0.rego:2:23: rego_type_error: or: invalid argument(s)
         \thave: (set[number], number, ???)
         \twant: (x: set[any], y: set[any], z: set[any])
         """),
        ("x if { y := {1, 2}; lower(y) }", """
         mod0.rego:2:21: rego_type_error: lower: invalid argument(s)
         \thave: (set[number])
         \twant: (x: string, y: string)
         """),
        ("x if { [a, b] := [1, 2]; count(a) }", """
         mod0.rego:2:26: rego_type_error: count: invalid argument(s)
         \thave: (number)
         \twant: (collection: any<string, array[any], object[any: any], set[any]>, n: number)
         """),
        ("default allow := false\nallow if { input.x == 1 }\nx if { count(allow) }", """
         mod0.rego:4:8: rego_type_error: count: invalid argument(s)
         \thave: (boolean)
         \twant: (collection: any<string, array[any], object[any: any], set[any]>, n: number)
         """),
        ("f(v) := v * v\ny := f(\"a\")", """
         mod0.rego:3:6: rego_type_error: data.p.f: invalid argument(s)
         \thave: (string, ???)
         \twant: (number, number)
         """),
        ("f(v) := v * v\nx if { f(true) }", """
         mod0.rego:3:8: rego_type_error: data.p.f: invalid argument(s)
         \thave: (boolean)
         \twant: (number, number)
         """),
        ("f(x) := lower(x)\ng := f(1)", """
         mod0.rego:3:6: rego_type_error: data.p.f: invalid argument(s)
         \thave: (number, ???)
         \twant: (string, string)
         """),
        ("x if { some [1] in [1] }", """
         mod0.rego:2:8: rego_type_error: match error
         \tleft  : array<number>
         \tright : number
         """),
        ("x if { some _ in \"\" }", """
         mod0.rego:2:8: rego_type_error: match error
         \tleft  : ???
         \tright : ???
         """),
        ("x if { y := 5; y[0] }", """
         mod0.rego:2:16: rego_type_error: undefined ref: y[0]
         \ty[0]
         \t^
         \thave: number
         """),
        ("x := count(1, 2, 3)", """
         mod0.rego:2:6: rego_type_error: count: arity mismatch
         \thave: (number, number, number)
         \twant: (collection: any<string, array[any], object[any: any], set[any]>)
         """),
        ("f(x) := 1\ny := f(1, 2, 3)", "mod0.rego:3:6: rego_type_error: function data.p.f has arity 1, got 3 arguments"),
        ("x if { y := print(1) }", "mod0.rego:2:13: rego_type_error: print(1) used as value"),
        ("r := 1\nx := y if { y := r with input as count(1) }", """
         mod0.rego:3:34: rego_type_error: count: invalid argument(s)
         \thave: (number, ???)
         \twant: (collection: any<string, array[any], object[any: any], set[any]>, n: number)
         """),
        ("r := 1\nx := y if { y := r with data.p.r as 2; lower(y) }", """
         mod0.rego:3:40: rego_type_error: lower: invalid argument(s)
         \thave: (number)
         \twant: (x: string, y: string)
         """),
        // In an `every` body OPA checks references into data or outside variables, and
        // comprehensions; nothing else (see `accepted`).
        ("q := {\"a\": 1}\nx if { every v in [1] { every w in [v] { y := q.b; _ = [w] } } }", """
         mod0.rego:3:47: rego_type_error: undefined ref: data.p.q.b
         \tdata.p.q.b
         \t         ^
         \t         have: "b"
         \t         want (one of): ["a"]
         """),
        ("x if { every v in count(1) { v } }", """
         mod0.rego:2:19: rego_type_error: count: invalid argument(s)
         \thave: (number, ???)
         \twant: (collection: any<string, array[any], object[any: any], set[any]>, n: number)
         """),
        ("x if { every v in [1] { y := [1 | count(1)]; _ = [v] } }", """
         mod0.rego:2:35: rego_type_error: count: invalid argument(s)
         \thave: (number)
         \twant: (collection: any<string, array[any], object[any: any], set[any]>, n: number)
         """),
    ]

    @Test(arguments: rejected)
    func rejectsWithOPAsMessage(_ source: String, _ expected: String) {
        #expect(Self.errors(source) == expected)
    }

    /// Programs OPA accepts: what comes from input or base data is `any`, an unknown
    /// shape is never a guess, and `every` variables are untyped.
    static let accepted: [String] = [
        "x if { a := input.x; count(a); lower(a) }",
        "x if { y := [1, \"a\"]; y[_] == 1; count(y[1]) }",
        "x if { input.a == 1; data.foo.bar[1] == 2 }",
        "x := [y | y := input.a[_]; lower(y)]",
        "f(v) := v * v\nx if { f(1) }",
        "a = [data[1], data.p[2]]",
        "x if { every y in [1] { count(y) } }",
        "p := {\"a\": 1}\nx if { p.a == 1; p[k] == 1; k == \"a\" }",
        "f(x) := y if { y := x.name }\nz := f({\"name\": 1})",
        "x if { some k, v in {\"a\": 1}; k == \"a\"; v == 1 }",
        "s contains x if { some x in [1, 2] }\ny if { s[1] }",
        // An `every` body's calls, literals and own variables are left to evaluation.
        "f(\"x\", v) := 1\nx if { every v in [1] { y := f(1, 2); z := {\"a\": 1}.b; w := {\"a\": 1}; w.c; count(1); _ = [v] } }",
        // A set holding an untyped variable is a set (of any), unlike an array.
        "f(v1) := 1 if { v4 := {v1} }\nx := f(1)",
        "f(v1) := 1 if { v4 = {set(), v1}; [a, b] := [{v1}, 1] }\nx := f(1)",
        // Under `with`, the replaced document has the replacement's type.
        "r := 1\nx := y if { y := r with data.p.r as \"a\"; lower(y) }",
        "r := {\"a\": 1}\nx := y if { y := r.b with data.p.r as {\"b\": 1} }",
    ]

    @Test(arguments: accepted)
    func acceptsWhatOPAAccepts(_ source: String) {
        #expect(Self.errors(source) == "ok")
    }

    /// Queries are checked against the program's rule types (OPA checks them too, but
    /// without rewriting `a == b` to a unification).
    static let queries: [(String, String)] = [
        ("x := count(1)", "query:1:6: rego_type_error: count: invalid argument(s)\n\thave: (number, ???)\n"
            + "\twant: (collection: any<string, array[any], object[any: any], set[any]>, n: number)"),
        ("x := data.p.q; x.b", "query:1:16: rego_type_error: undefined ref: x.b\n\tx.b\n\t  ^\n\t  have: \"b\"\n"
            + "\t  want (one of): [\"a\"]"),
        ("x := data.p.f(\"a\")", "query:1:6: rego_type_error: data.p.f: invalid argument(s)\n\thave: (string, ???)\n"
            + "\twant: (number, number)"),
        ("x := data.p.f(1)", "ok"),
        ("x = 1; y = \"a\"; x == y", "ok"),
        ("x := data.p.s[_]; lower(x)", "ok"),
    ]

    @Test(arguments: queries)
    func checksQueries(_ query: String, _ expected: String) throws {
        let program = try PolicyCompiler.compile([("mod0.rego", "package p\nq := {\"a\": 1}\nf(x) := x + 1\ns contains \"a\"\n")])
        let got: String
        do {
            _ = try PreparedQuery(query, program: program)
            got = "ok"
        } catch {
            got = error.description
        }
        #expect(got == expected)
    }
}
