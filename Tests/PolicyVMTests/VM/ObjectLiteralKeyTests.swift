// An object literal that names one key twice is no conflict in OPA: a constant key
// written again keeps its first spelling and takes the later value (the parser builds
// the object), and at evaluation the entries are inserted in the order OPA keeps the
// key terms in (constants, then variables by declaration and the locals made for
// calls, then references by path, then composites), each equal key replacing the
// value before it. A term written twice (the same key term, or one set element twice)
// is one entry as OPA's parser builds the literal, the earlier value never evaluated
// (Term+Duplicates). Found by treegen's `duplicate-object-key` shape; every expected
// answer is the real OPA engine's (v1.x, rego-conformance/1).
import Testing
@testable import PolicyVM

@Suite struct ObjectLiteralKeyTests {
    @Test(arguments: [
        // Constant keys: the later value, the first spelling.
        ("r := {\"a\": 1, \"a\": 2}", "{}", "[{\"x\":{\"a\":2}}]"),
        ("r := {\"a\": 1, \"b\": 2, \"a\": 3}", "{}", "[{\"x\":{\"a\":3,\"b\":2}}]"),
        ("r := {1: \"a\", 1.0: \"b\"}", "{}", "[{\"x\":{\"1\":\"b\"}}]"),
        ("r := {1: 1, 1.0: 2, 1e0: 3}", "{}", "[{\"x\":{\"1\":3}}]"),
        ("r := {\"é\": 1, \"\\u00e9\": 2}", "{}", "[{\"x\":{\"é\":2}}]"),
        ("r := {\"a\": 1, \"a\": 2}.a", "{}", "[{\"x\":2}]"),
        ("r := count({\"a\": 1, \"a\": 2})", "{}", "[{\"x\":1}]"),
        ("r := x if { x := {\"a\": 1, \"a\": 2} }", "{}", "[{\"x\":{\"a\":2}}]"),
        ("r := [x | x := {\"a\": 1, \"a\": 2}]", "{}", "[{\"x\":[{\"a\":2}]}]"),
        // One term written twice is one entry as parsed: the earlier value is never evaluated.
        ("r := {\"a\": 1/0, \"a\": 2}", "{}", "[{\"x\":{\"a\":2}}]"),
        ("r := {\"a\": input.missing, \"a\": 2}", "{}", "[{\"x\":{\"a\":2}}]"),
        ("r := {1: input.missing, 1.0: 2}", "{}", "[{\"x\":{\"1\":2}}]"),
        ("r := {input.k: input.missing, input.k: 2}", "{\"k\": \"a\"}", "[{\"x\":{\"a\":2}}]"),
        ("r := x if { y := \"a\"; x := {y: input.missing, y: 2} }", "{}", "[{\"x\":{\"a\":2}}]"),
        ("r := {count([1]): input.missing, count([1]): 2}", "{}", "[{\"x\":{\"1\":2}}]"),
        ("r := [x | some x in {input.a, input.a}]", "{\"a\": 1}", "[{\"x\":[1]}]"),
        ("r := [x | some x in {count([1]), count([1])}]", "{}", "[{\"x\":[1]}]"),
        // A reference after a constant, whichever is written first.
        ("r := {input.k: 1, \"a\": 2}", "{\"k\": \"a\"}", "[{\"x\":{\"a\":1}}]"),
        ("r := {\"a\": 2, input.k: 1}", "{\"k\": \"a\"}", "[{\"x\":{\"a\":1}}]"),
        ("r := {input.k: 1, \"a\": 2} == {\"a\": 1}", "{\"k\": \"a\"}", "[{\"x\":true}]"),
        ("r := object.keys({input.k: 1, \"a\": 2})", "{\"k\": \"a\"}", "[{\"x\":[\"a\"]}]"),
        // References by path: data before input, input.j before input.k.
        ("r := {input.j: 1, input.k: 2}", "{\"k\": \"a\", \"j\": \"a\"}", "[{\"x\":{\"a\":2}}]"),
        ("r := {input.k: 1, input.j: 2}", "{\"k\": \"a\", \"j\": \"a\"}", "[{\"x\":{\"a\":1}}]"),
        ("r := x if { x := {input.j: 1, input.k: 2} }", "{\"k\": \"a\", \"j\": \"a\"}", "[{\"x\":{\"a\":2}}]"),
        ("r := {input.k: 1, data.k: 2}", "{\"k\": \"a\"}", "[{\"x\":{\"a\":1}}]"),
        ("r := {data.k: 1, input.k: 2}", "{\"k\": \"a\"}", "[{\"x\":{\"a\":2}}]"),
        // Variables by declaration, whatever their names.
        ("r := x if { a := \"k\"; b := \"k\"; x := {a: 1, b: 2} }", "{}", "[{\"x\":{\"k\":2}}]"),
        ("r := x if { a := \"k\"; b := \"k\"; x := {b: 1, a: 2} }", "{}", "[{\"x\":{\"k\":1}}]"),
        ("r := x if { b := \"k\"; a := \"k\"; x := {a: 1, b: 2} }", "{}", "[{\"x\":{\"k\":1}}]"),
        ("r := x if { y := \"a\"; x := {y: 1, \"a\": 2} }", "{}", "[{\"x\":{\"a\":1}}]"),
        ("f(x) := {x: 1, \"a\": 2}\nr := f(\"a\")", "{}", "[{\"x\":{\"a\":1}}]"),
        // A call is a local: after the constants.
        ("r := {\"a\": 2, lower(\"A\"): 1}", "{}", "[{\"x\":{\"a\":1}}]"),
        ("r := {lower(\"A\"): 1, upper(\"a\"): 3, \"a\": 2}", "{}", "[{\"x\":{\"A\":3,\"a\":1}}]"),
        // Composite keys element by element: ["a"] before [input.k].
        ("r := {[input.k]: 1, [\"a\"]: 2} == {[\"a\"]: 1}", "{\"k\": \"a\"}", "[{\"x\":true}]"),
        ("r := {[\"a\"]: 2, [input.k]: 1} == {[\"a\"]: 1}", "{\"k\": \"a\"}", "[{\"x\":true}]"),
    ])
    func matchesOPA(rules: String, input: String, expected: String) throws {
        try RegoHarness.expectOPAAnswer(rules: rules, query: "x := data.test.r", input: input, data: "{\"k\": \"a\"}",
                                        expected: expected)
    }

    /// In a query too (OPA answers {"a": 2} and {"a": 1}).
    @Test func inAQuery() throws {
        #expect(RegoHarness.run([], "x := {\"a\": 1, \"a\": 2}") == "[{\"x\":{\"a\":2}}]")
        #expect(RegoHarness.run([], "x := {input.k: 1, \"a\": 2}", input: try JSONReader.parse("{\"k\": \"a\"}"))
                == "[{\"x\":{\"a\":1}}]")
    }
}
