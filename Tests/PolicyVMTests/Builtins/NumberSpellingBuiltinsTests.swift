// Builtins that see how a number is written, not only its value: sprintf's %T names
// the Go type OPA hands fmt for it (int64, float64, *big.Int; string for text and
// every other value; width and precision as for %s), object.filter keeps the filtered
// object's own key (`{1.0: x}` filtered by `[1]` keeps `1.0`), object.union_n takes
// the later object's spelling of a key at every depth while object.union keeps the
// first's, and json.marshal refuses a number whose text JSON lacks (to_number keeps
// `+5`, `007`, `.5`) with Go's "invalid number literal", as OPA's encoder does.
// Found by treegen's `sprintf-verb`, `number-key-spelling` and `to-number-spelling`
// shapes; every expected answer is the real OPA engine's (v1.x, rego-conformance/1).
import Testing
@testable import PolicyVM

@Suite struct NumberSpellingBuiltinsTests {
    @Test(arguments: [
        ("r := sprintf(\"%T|%T|%T|%T\", [1, 1.5, \"a\", 12345678901234567890])", "x := data.test.r", "null", "[{\"x\":\"int64|float64|string|*big.Int\"}]"),
        ("r := sprintf(\"%T|%T|%T|%T|%T\", [[1], {\"a\": 1}, {1}, null, true])", "x := data.test.r", "null", "[{\"x\":\"string|string|string|string|string\"}]"),
        ("r := sprintf(\"%8T|%-8T|%.3T\", [1, \"a\", 1.5])", "x := data.test.r", "null", "[{\"x\":\"   int64|string  |flo\"}]"),
        ("r := sprintf(\"%T\", [1e400])", "x := data.test.r", "null", "[{\"x\":\"string\"}]"),
        ("r := sprintf(\"%T %v\", [1.0])", "x := data.test.r", "null", "[{\"x\":\"int64 %!v(MISSING)\"}]"),
        ("r := object.filter({1.0: \"a\", \"b\": 2}, [1])", "x := data.test.r", "null", "[{\"x\":{\"1.0\":\"a\"}}]"),
        ("r := object.filter({1.0: \"a\", \"b\": 2}, {1})", "x := data.test.r", "null", "[{\"x\":{\"1.0\":\"a\"}}]"),
        ("r := object.filter({1: \"a\", \"b\": 2}, {1e0: true})", "x := data.test.r", "null", "[{\"x\":{\"1\":\"a\"}}]"),
        ("r := object.filter({100: \"a\"}, [1e2])", "x := data.test.r", "null", "[{\"x\":{\"100\":\"a\"}}]"),
        ("r := object.union_n([{1: \"a\"}, {1.0: \"b\"}])", "x := data.test.r", "null", "[{\"x\":{\"1.0\":\"b\"}}]"),
        ("r := object.union_n([{1: \"a\"}, {1.0: \"b\"}, {1e0: \"c\"}])", "x := data.test.r", "null", "[{\"x\":{\"1e0\":\"c\"}}]"),
        ("r := object.union_n([{1: {\"a\": 1}}, {1.0: {\"b\": 2}}])", "x := data.test.r", "null", "[{\"x\":{\"1.0\":{\"a\":1,\"b\":2}}}]"),
        ("r := object.union_n([{\"k\": {1: 1}}, {\"k\": {1.0: 2}}])", "x := data.test.r", "null", "[{\"x\":{\"k\":{\"1.0\":2}}}]"),
        ("r := object.union({1: \"a\"}, {1.0: \"b\"})", "x := data.test.r", "null", "[{\"x\":{\"1\":\"b\"}}]"),
        ("r := object.union({\"k\": {1: 1}}, {\"k\": {1.0: 2}})", "x := data.test.r", "null", "[{\"x\":{\"k\":{\"1\":2}}}]"),
        ("r := json.marshal(to_number(\"+5\"))", "x := data.test.r", "null", "error:eval_builtin_error"),
        ("r := json.marshal([to_number(\"007\")])", "x := data.test.r", "null", "error:eval_builtin_error"),
        ("r := json.marshal({\"a\": to_number(\".5\")})", "x := data.test.r", "null", "error:eval_builtin_error"),
        ("r := json.marshal({to_number(\"5.\"): 1})", "x := data.test.r", "null", "error:eval_builtin_error"),
        ("r := json.marshal(to_number(\"1.50\"))", "x := data.test.r", "null", "[{\"x\":\"1.50\"}]"),
        ("r := json.marshal(to_number(\"1e5\"))", "x := data.test.r", "null", "[{\"x\":\"1e5\"}]"),
        ("r := json.marshal(to_number(\"+5\") + 0)", "x := data.test.r", "null", "[{\"x\":\"5\"}]"),
        ("r := json.marshal_with_options(to_number(\"0x1p-2\"), {\"pretty\": true})", "x := data.test.r", "null", "error:eval_builtin_error"),
        ("r := json.marshal_with_options(to_number(\"0x1p-2\"), {\"pretty\": 1})", "x := data.test.r", "null", "error:rego_type_error"),
        ("r := sprintf(\"%v\", [to_number(\"+5\")])", "x := data.test.r", "null", "[{\"x\":\"5\"}]"),
    ])
    func matchesOPA(rules: String, query: String, input: String, expected: String) throws {
        try RegoHarness.expectOPAAnswer(rules: rules, query: query, input: input, data: "{}", expected: expected)
    }

    @Test func jsonMarshalNamesTheLiteralAsGoDoes() throws {
        let program = try PolicyCompiler.compile([("m.rego", "package test\nr := json.marshal([1, to_number(\"007\")])")],
                                                 data: .emptyObject)
        let query = try PreparedQuery("x := data.test.r", program: program)
        do {
            _ = try query.evaluate(input: nil, options: EvaluationOptions(strictBuiltinErrors: true))
            Issue.record("json.marshal printed 007")
        } catch let error as PolicyError {
            #expect(error.message == "json.marshal: json: invalid number literal \"007\"")
        }
    }
}
