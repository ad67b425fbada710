// Limits: every limit ends evaluation or compilation with a clean error, never a crash
// or a hang (instructions per evaluation, source size, nesting depth).
import Testing
@testable import PolicyVM

@Suite struct LimitsTests {
    @Test func instructionLimitStopsARunawayEvaluation() {
        let module = "package p\nn := numbers.range(1, 1000)\nx := count([1 | n[_]; n[_]; n[_]])"
        #expect(RegoHarness.run([module], "a := data.p.x", limit: 100_000) == "error:eval_limit_error")
    }

    @Test func smallPoliciesFitTheDefaultLimit() {
        #expect(RegoHarness.run(["package p\nx := count([1 | some i in numbers.range(1, 1000)])"], "a := data.p.x")
                == #"[{"a":1000}]"#)
    }

    @Test func oversizedSourceIsRejected() {
        let big = "package p\n" + String(repeating: "# padding\n", count: Lexer.maxSourceBytes / 10 + 1)
        #expect(RegoHarness.run([big], "a := 1") == "error:rego_parse_error")
    }

    @Test func deeplyNestedTermsAreRejected() {
        let deep = "package p\nx := " + String(repeating: "[", count: Parser.maxNestingDepth + 10)
            + String(repeating: "]", count: Parser.maxNestingDepth + 10)
        #expect(RegoHarness.run([deep], "a := data.p.x") == "error:rego_parse_error")
    }

    @Test func deeplyNestedJSONIsRejected() {
        let deep = String(repeating: "{\"a\":", count: JSONReader.maxDepth + 1) + "1" + String(repeating: "}", count: JSONReader.maxDepth + 1)
        #expect(throws: JSONError.self) { try JSONReader.parse(deep) }
    }
}
