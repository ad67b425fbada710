// A timestamp operand of the time builtins as OPA reads it: the number as a Go
// big.Float of 64 bits, taken when its Int64 is exact — `1e18`, `1.5e18`, `2e9` and
// `1.000000000000000001e18` are times; `1.5`, `1e-5`, `9.3e18` and
// `1.0000000000000000001e18` (not integral at 64 bits) are "timestamp too big". Here
// only integer text was taken. Found probing the number leads of treegen's text shapes;
// every expected answer is the real OPA engine's (v1.x, rego-conformance/1).
import Testing
@testable import PolicyVM

@Suite struct TimestampOperandTests {
    @Test(arguments: [
        ("r := time.date(1e18)", "x := data.test.r", "null", "[{\"x\":[2001,9,9]}]"),
        ("r := time.date(1.5e18)", "x := data.test.r", "null", "[{\"x\":[2017,7,14]}]"),
        ("r := time.date(-1e18)", "x := data.test.r", "null", "[{\"x\":[1938,4,24]}]"),
        ("r := time.date(2e9)", "x := data.test.r", "null", "[{\"x\":[1970,1,1]}]"),
        ("r := time.date(9.2e18)", "x := data.test.r", "null", "[{\"x\":[2261,7,15]}]"),
        ("r := time.date(9.3e18)", "x := data.test.r", "null", "error:eval_builtin_error"),
        ("r := time.date(1.000000000000000001e18)", "x := data.test.r", "null", "[{\"x\":[2001,9,9]}]"),
        ("r := time.date(1.0000000000000000001e18)", "x := data.test.r", "null", "error:eval_builtin_error"),
        ("r := time.date(1.5)", "x := data.test.r", "null", "error:eval_builtin_error"),
        ("r := time.date(1e-5)", "x := data.test.r", "null", "error:eval_builtin_error"),
        ("r := time.date(1e400)", "x := data.test.r", "null", "error:eval_builtin_error"),
        ("r := time.date([1e18, \"UTC\"])", "x := data.test.r", "null", "[{\"x\":[2001,9,9]}]"),
        ("r := time.clock(1e18)", "x := data.test.r", "null", "[{\"x\":[1,46,40]}]"),
        ("r := time.weekday(1.9e18)", "x := data.test.r", "null", "[{\"x\":\"Sunday\"}]"),
        ("r := time.add_date(1e18, 0, 0, 1)", "x := data.test.r", "null", "[{\"x\":1000086400000000000}]"),
        ("r := time.format([1e18, \"UTC\", \"2006\"])", "x := data.test.r", "null", "[{\"x\":\"2001\"}]"),
        ("r := time.diff(1e18, 0)", "x := data.test.r", "null", "[{\"x\":[31,8,8,1,46,40]}]"),
        ("r := time.date(input.t)", "x := data.test.r", "{\"t\": 1.7e18}", "[{\"x\":[2023,11,14]}]"),
    ])
    func matchesOPA(rules: String, query: String, input: String, expected: String) throws {
        try RegoHarness.expectOPAAnswer(rules: rules, query: query, input: input, data: "{}", expected: expected)
    }
}
