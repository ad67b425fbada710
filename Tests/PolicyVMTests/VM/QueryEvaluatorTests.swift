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
