// `some x in {…}` over a set literal that is not constant: OPA iterates the literal's
// terms in their source order (constants by value, then variables, then references,
// then composites), evaluating each, and keeps equal values apart; a set bound to a
// variable first iterates by value, once per element. Every expected answer is the
// real OPA engine's.
import Testing
@testable import PolicyVM

@Suite struct SetLiteralIterationTests {
    @Test(arguments: [
        ("r := [x | some x in {{\"a\": 1}, input.n, \"a\"}]\ns := [x | some x in {{\"a\": 1}, 1.5, \"a\"}]\nt := [x | some x in {{\"a\": 1}, input.n, input.s}]", "x := data.test", "{\"n\": 1.5, \"s\": \"a\"}", "{}", "[{\"x\":{\"r\":[\"a\",1.5,{\"a\":1}],\"s\":[1.5,\"a\",{\"a\":1}],\"t\":[1.5,\"a\",{\"a\":1}]}}]"),
        ("k := [x | some x in {input.s, \"b\", \"a\"}]\nc := count({input.s, \"b\"})\nm := [[k, x] | some k, x in {input.s, \"b\", \"a\"}]\nl := [x | some x in {input.nope, \"b\"}]", "x := data.test", "{\"s\": \"b\"}", "{}", "[{\"x\":{\"c\":1,\"k\":[\"a\",\"b\",\"b\"],\"l\":[],\"m\":[[\"a\",\"a\"],[\"b\",\"b\"],[\"b\",\"b\"]]}}]"),
        ("f(y) := [x | some x in {input.n, y}]\na := f(1)", "x := data.test", "{\"n\": 2}", "{}", "[{\"x\":{\"a\":[1,2]}}]"),
        ("g(Y, A) := [x | some x in {A, input.n, Y}]\ne := g(1, 3)", "x := data.test", "{\"n\": 2}", "{}", "[{\"x\":{\"e\":[1,3,2]}}]"),
        ("b := [x | some x in {count(input.xs), [1]}]\nc := [x | some x in {[input.n], [input.m]}]\nd := [x | some x in {input.m, input.n}]\ni := [x | some x in {input.m + 0, count(input.xs), input.n * 1}]\nj := [x | some x in {count(input.xs), input.m}]", "x := data.test", "{\"n\": 2, \"m\": 3, \"xs\": [1, 2, 3, 4]}", "{}", "[{\"x\":{\"b\":[4,[1]],\"c\":[[3],[2]],\"d\":[3,2],\"i\":[4,2,3],\"j\":[4,3]}}]"),
        ("h := [x | some x in {{\"a\": input.n}, {\"a\": 0}, {1: input.n}}]\nn := [x | some x in {input.n, \"a\"} | {input.s}]\nv := {input.n, \"a\"}\nw := [x | some x in v]", "x := data.test", "{\"n\": 2, \"s\": \"b\"}", "{}", "[{\"x\":{\"h\":[{\"1\":2},{\"a\":0},{\"a\":2}],\"n\":[2,\"a\",\"b\"],\"v\":[2,\"a\"],\"w\":[2,\"a\"]}}]"),
        ("r := [v | some v in {input.nothing, [\"x\", \"y\"][0], input.age}]\ns := [v | y := {\"a\": 2}; some v in {input.n, y.a, \"z\"}]", "x := data.test", "{\"n\": 1, \"age\": 18, \"nothing\": null}", "{}", "[{\"x\":{\"r\":[\"x\",18,null],\"s\":[\"z\",2,1]}}]"),
    ])
    func matchesOPA(rules: String, query: String, input: String, data: String, expected: String) throws {
        try RegoHarness.expectOPAAnswer(rules: rules, query: query, input: input, data: data, expected: expected)
    }
}
