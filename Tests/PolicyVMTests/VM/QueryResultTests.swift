// Query results as OPA's rego package gives them: per solution the bindings and the
// value of each query expression. A query that is one bare expression with no iteration
// answers its value even when it is `false`; with more expressions, or iteration, each
// captured value must hold. Every expected answer is the real OPA engine's full result
// set (bindings and expressions[].value, OPA v1.20), rows sorted.
import Testing
@testable import PolicyVM

@Suite struct QueryResultTests {
    /// `[{"b": bindings, "v": [expression values]}, ...]` sorted by JSON text, or "error:<code>".
    static func results(_ rules: String, _ query: String) -> String {
        do {
            let program = try PolicyCompiler.compile([("m0.rego", "package p\n" + rules)])
            let q = try PreparedQuery(query, program: program)
            let out = try q.evaluate(input: nil)
            let rows = zip(out.rows, out.expressionValues).map { row, values -> String in
                var bindings: RegoObject = [:]
                for (n, v) in zip(q.variables, row) { bindings[.string(n)] = v }
                return JSONWriter.write(.object([.string("b"): .object(bindings), .string("v"): .array(values)]))
            }
            return "[" + rows.sorted().joined(separator: ",") + "]"
        } catch let e as PolicyErrors {
            return "error:" + e.errors[0].code.rawValue
        } catch {
            return "error:\(error)"
        }
    }

    @Test(arguments: [
        ("default allow := false\nf(x) := false\nt := false\nxs := [1, false, 3]\n", "data.p.allow", #"[{"b":{},"v":[false]}]"#),
        ("", "1 == 2", #"[{"b":{},"v":[false]}]"#),
        ("", "x := 1; 1 == 2", #"[]"#),
        ("", "x := 1; y := 2", #"[{"b":{"x":1,"y":2},"v":[true,true]}]"#),
        ("", "not 1 == 2", #"[{"b":{},"v":[true]}]"#),
        ("", "not 1 == 1", #"[]"#),
        ("", "1 == 2 with input as 1", #"[{"b":{},"v":[false]}]"#),
        ("", "count([1], n)", #"[{"b":{"n":1},"v":[true]}]"#),
        ("", "false", #"[{"b":{},"v":[false]}]"#),
        ("", "x := false", #"[{"b":{"x":false},"v":[true]}]"#),
        ("f(x) := false\n", "data.p.f(1)", #"[{"b":{},"v":[false]}]"#),
        ("f(x) := false\n", "data.p.f(1, y)", #"[{"b":{"y":false},"v":[true]}]"#),
        ("", "[1,false][i]", #"[{"b":{"i":0},"v":[1]}]"#),
        ("", "x := [1,false]; x[1]", #"[]"#),
        ("", "some x in [false]", #"[{"b":{"x":false},"v":[true]}]"#),
        ("", "x = 1; false", #"[]"#),
        ("", "input.x", #"[]"#),
        ("", "{x | x := false}", #"[{"b":{},"v":[[false]]}]"#),
        ("", "count([1]) == 2", #"[{"b":{},"v":[false]}]"#),
        ("", "false; true", #"[]"#),
        ("", "1 in [2]", #"[{"b":{},"v":[false]}]"#),
        ("", "eq(1, 2)", #"[]"#),
        ("", "every x in [1] { x == 2 }", #"[]"#),
        ("", "print(1)", #"[{"b":{},"v":[true]}]"#),
        ("", "-1", #"[{"b":{},"v":[-1]}]"#),
        ("", "false with input as 1 with input as 2", #"[{"b":{},"v":[false]}]"#),
        ("xs := [false, false]\n", "data.p.xs[_]", #"[]"#),
        ("xs := [false, false]\n", "data.p.xs[0]", #"[{"b":{},"v":[false]}]"#),
        ("", "[x | x := false][0]", #"[{"b":{},"v":[false]}]"#),
        ("xs := [1, false, 3]\n", "data.p.xs[i]", #"[{"b":{"i":0},"v":[1]},{"b":{"i":2},"v":[3]}]"#),
        ("", "x := [1,2]; x[1]", #"[{"b":{"x":[1,2]},"v":[true,2]}]"#),
        // `some x` declarations report no expression; `some x in xs` does.
        ("", "some x; x = 1", #"[{"b":{"x":1},"v":[true]}]"#),
        ("", "x := 1; some y, z; y = x; z = y", #"[{"b":{"x":1,"y":1,"z":1},"v":[true,true,true]}]"#),
        ("", "some x in [1]; some y; y = x", #"[{"b":{"x":1,"y":1},"v":[true,true]}]"#),
    ])
    func matchesOPA(rules: String, query: String, expected: String) {
        #expect(QueryResultTests.results(rules, query) == expected, "\(query)")
    }

    @Test func expressionsKeepTheirTextAndPlace() throws {
        let program = try PolicyCompiler.compile([("m0.rego", "package p")])
        let q = try PreparedQuery("x := 5\n  x < 6; x with input as 1", program: program)
        #expect(q.expressions.map(\.text) == ["x := 5", "x < 6", "x with input as 1"])
        #expect(q.expressions.map { "\($0.location.line):\($0.location.column)" } == ["1:1", "2:3", "2:10"])
        #expect(try q.evaluate(input: nil).expressionValues == [[.true, .true, 5]])
    }
}
