// QueryEvaluator reuses its registers and path cache between decisions: no value from
// one decision (input paths, memoised rules, `with` replacements) may leak into the next.
import Testing
@testable import PolicyVM

@Suite struct QueryEvaluatorTests {
    static let source = """
    package p
    deny contains "big" if input.n > data.limit
    deny contains "named" if input.name == "x"
    """

    @Test func successiveDecisionsSeeOnlyTheirOwnInput() throws {
        let program = try PolicyCompiler.compile([("p.rego", Self.source)], data: ["limit": 10])
        let evaluator = QueryEvaluator(try PreparedQuery.document(["p", "deny"], program: program))
        #expect(try evaluator.evaluateValue(input: ["n": 11, "name": "x"]) == .set(["big", "named"]))
        #expect(try evaluator.evaluateValue(input: ["n": 1]) == .set([]))
        #expect(try evaluator.evaluateValue(input: nil) == .set([]))
        #expect(try evaluator.evaluateValue(input: ["n": 50, "name": "y"]) == .set(["big"]))
    }

    /// A path remembers where its key sat in the last input; inputs whose keys sit
    /// elsewhere (another order, another key in that place, or none) are searched again.
    @Test func pathsFindTheirKeyWhereverTheNextInputHoldsIt() throws {
        let program = try PolicyCompiler.compile([("p.rego", Self.source)], data: ["limit": 10])
        let evaluator = QueryEvaluator(try PreparedQuery.document(["p", "deny"], program: program))
        let inputs: [(Value, Value)] = [
            (["n": 11, "name": "x"], .set(["big", "named"])),
            (["name": "x", "n": 1], .set(["named"])),
            (["name": "y", "other": 99], .set([])),
            (["other": 99, "n": 12], .set(["big"])),
            (["n": 12], .set(["big"])),
            (["m": 12, "nam": "x"], .set([])),
        ]
        for _ in 0..<2 {
            for (input, expected) in inputs { #expect(try evaluator.evaluateValue(input: input) == expected, "\(input)") }
        }
    }

    /// A reused evaluator refills the last decision's set storage only when nothing else
    /// holds it: answers the caller kept must not change under it.
    @Test func keptAnswersDoNotChange() throws {
        let program = try PolicyCompiler.compile([("p.rego", Self.source)], data: ["limit": 10])
        let evaluator = QueryEvaluator(try PreparedQuery.document(["p", "deny"], program: program))
        var kept: [Value?] = []
        for n in [11, 1, 50, 0, 12] {
            kept.append(try evaluator.evaluateValue(input: ["n": .int(n), "name": n == 50 ? "x" : "y"]))
        }
        _ = try evaluator.evaluateValue(input: ["n": 99, "name": "x"])
        #expect(kept == [.set(["big"]), .set([]), .set(["big", "named"]), .set([]), .set(["big"])])
    }

    @Test func withDataDoesNotOutliveItsLiteral() throws {
        let program = try PolicyCompiler.compile([("p.rego", Self.source)], data: ["limit": 10])
        let q = try PreparedQuery("a := data.p.deny with data.limit as 100; b := data.p.deny", program: program)
        let evaluator = QueryEvaluator(q)
        for _ in 0..<3 {
            let rows = try q.evaluate(input: ["n": 50]).rows
            #expect(rows.count == 1 && rows[0] == [.set([]), .set(["big"])])
            #expect(try evaluator.evaluateValue(input: ["n": 50]) == .set([]))
        }
    }

    /// Constant paths are walked through objects in place and by copies below anything
    /// else (array indexes, strings); each decision sees only its own input's shape.
    @Test func constantPathsThroughObjectsArraysAndScalars() throws {
        let source = """
        package p
        hits contains "nested" if input.a.b.c == 1
        hits contains "indexed" if input.list[1].name == "second"
        hits contains "below-string" if input.s.x
        hits contains "data" if data.cfg.deep.on == true
        hits contains "whole" if input.a.b == {"c": 1}
        """
        let program = try PolicyCompiler.compile([("p.rego", source)], data: ["cfg": ["deep": ["on": true]]])
        let evaluator = QueryEvaluator(try PreparedQuery.document(["p", "hits"], program: program))
        let full: Value = ["a": ["b": ["c": 1]], "list": [["name": "first"], ["name": "second"]], "s": "text"]
        #expect(try evaluator.evaluateValue(input: full) == .set(["nested", "indexed", "data", "whole"]))
        #expect(try evaluator.evaluateValue(input: ["a": ["b": "c"], "list": ["x", "y"], "s": ["x": true]])
                == .set(["below-string", "data"]))
        #expect(try evaluator.evaluateValue(input: ["a": 1, "list": [["name": "second"]]]) == .set(["data"]))
        #expect(try evaluator.evaluateValue(input: "not an object") == .set(["data"]))
        #expect(try evaluator.evaluateValue(input: nil) == .set(["data"]))
        #expect(try evaluator.evaluateValue(input: full) == .set(["nested", "indexed", "data", "whole"]))
    }
}
