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
}
