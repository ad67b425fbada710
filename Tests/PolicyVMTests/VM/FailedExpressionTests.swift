// FailedExpression: the expression an undefined rule stopped at, with the values its
// variables had before it, resolved in the rule's own module (package rules, imports,
// `with`).
import Testing
@testable import PolicyVM

@Suite struct FailedExpressionTests {
    static let policy = """
    package p
    import data.lib.limits

    allow if {
    \tinput.user == "admin"
    \tcount(input.roles) > limits.roles
    }
    """
    static let tests = """
    package p

    test_allow if {
    \treq := {"user": "admin", "roles": ["a"]}
    \tn := count(req.roles)
    \tallow with input as req
    }

    test_math if {
      x := 3
      y := x + 1
      y == 8
    }

    test_passes if { 1 == 1 }
    """

    static func find(_ rule: [String]) throws -> FailedExpression? {
        let program = try PolicyCompiler.compile([("p.rego", policy), ("p_test.rego", tests)],
                                                 data: ["lib": ["limits": ["roles": 1]]])
        return FailedExpression.find(rule: rule, source: ("p_test.rego", tests), program: program)
    }

    @Test func namesTheExpressionAndTheVariablesItReads() throws {
        let f = try #require(try Self.find(["p", "test_allow"]))
        #expect(f.location == SourceLocation(file: "p_test.rego", line: 6, column: 2))
        #expect(f.text == "allow with input as req")
        #expect(f.bindings.map(\.name) == ["req"])
        #expect(f.bindings.first?.value == ["user": "admin", "roles": ["a"]])
    }

    @Test func valuesAreThoseBeforeTheExpression() throws {
        let f = try #require(try Self.find(["p", "test_math"]))
        #expect(f.location.line == 12)
        #expect(f.text == "y == 8")
        #expect(f.bindings.map(\.name) == ["y"])
        #expect(f.bindings.first?.value == 4)
    }

    @Test func aPassingRuleHasNoFailure() throws {
        #expect(try Self.find(["p", "test_passes"]) == nil)
    }
}
