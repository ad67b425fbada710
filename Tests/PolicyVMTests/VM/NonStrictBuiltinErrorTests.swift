// NonStrictBuiltinErrorTests: OPA's answers with strict builtin errors off (its default,
// `opa eval` without --strict-builtin-errors, every OPA server) and on, for builtin errors
// of every family we implement and in every place an expression can fail: a rule's value
// or condition, `not`, a default, an else chain, partial sets and objects, comprehensions,
// `every`, functions, `with`, `print`, a query. Off, a builtin error makes its expression
// undefined and evaluation goes on (conflicts still raise); on, the first one ends it.
import Testing
@testable import PolicyVM

@Suite struct NonStrictBuiltinErrorTests {
    struct Row: CustomTestStringConvertible, Sendable {
        let rules: String, query: String, nonStrict: String, strict: String
        init(_ rules: String, _ query: String, nonStrict: String, strict: String) {
            (self.rules, self.query, self.nonStrict, self.strict) = (rules, query, nonStrict, strict)
        }
        var testDescription: String { "\(rules.replacingOccurrences(of: "\n", with: "; ")) | \(query)" }
    }

    /// The input of every row: a zero divisor, a string that is no number, a decimal, a
    /// negative number, an array with a 0.
    static let input: Value = ["n": 0, "s": "a", "arr": [1, 0, 2], "f": 1.5, "neg": -1]

    // Every answer is the real OPA engine's (v1, the shared bridge), written by
    // scripts/nonstrict_rows.py: `strict` as the shared runner answers, `nonStrict` from
    // the same engine with strict builtin errors off (scripts/nonstrict_engine.py).
    static let rows: [Row] = [
        Row("r := 10 / input.n", "x := data.test.r",
            nonStrict: "[]", strict: "error:eval_builtin_error"),
        Row("r := 10 % input.n", "x := data.test.r",
            nonStrict: "[]", strict: "error:eval_builtin_error"),
        Row("r := input.f % 2", "x := data.test.r",
            nonStrict: "[]", strict: "error:eval_builtin_error"),
        Row("r := to_number(input.s)", "x := data.test.r",
            nonStrict: "[]", strict: "error:eval_builtin_error"),
        Row("r := count(input.n)", "x := data.test.r",
            nonStrict: "[]", strict: "error:eval_type_error"),
        Row("r := input.s + 1", "x := data.test.r",
            nonStrict: "[]", strict: "error:eval_type_error"),
        Row("r := -input.s", "x := data.test.r",
            nonStrict: "[]", strict: "error:eval_type_error"),
        Row("r := numbers.range(1, input.f)", "x := data.test.r",
            nonStrict: "[]", strict: "error:eval_type_error"),
        Row("r := substring(input.s, input.neg, 1)", "x := data.test.r",
            nonStrict: "[]", strict: "error:eval_builtin_error"),
        Row("r := format_int(input.f, 7)", "x := data.test.r",
            nonStrict: "[]", strict: "error:eval_type_error"),
        Row("r := upper(input.n)", "x := data.test.r",
            nonStrict: "[]", strict: "error:eval_type_error"),
        Row("r if regex.match(concat(\"\", [\"(\", input.s]), \"a\")", "x := data.test.r",
            nonStrict: "[]", strict: "error:eval_builtin_error"),
        Row("r if glob.match(concat(\"\", [\"[\", input.s]), [], \"a\")", "x := data.test.r",
            nonStrict: "[]", strict: "error:eval_builtin_error"),
        Row("r := base64.decode(\"%%%\")", "x := data.test.r",
            nonStrict: "[]", strict: "error:eval_builtin_error"),
        Row("r := json.unmarshal(input.s)", "x := data.test.r",
            nonStrict: "[]", strict: "error:eval_builtin_error"),
        Row("r := time.parse_duration_ns(input.s)", "x := data.test.r",
            nonStrict: "[]", strict: "error:eval_builtin_error"),
        Row("r := units.parse(input.s)", "x := data.test.r",
            nonStrict: "[]", strict: "error:eval_builtin_error"),
        Row("r if net.cidr_contains(input.s, \"10.0.0.1\")", "x := data.test.r",
            nonStrict: "[]", strict: "error:eval_builtin_error"),
        Row("r := io.jwt.decode(input.s)", "x := data.test.r",
            nonStrict: "[]", strict: "error:eval_builtin_error"),
        Row("r := semver.compare(input.s, \"1.0.0\")", "x := data.test.r",
            nonStrict: "[]", strict: "error:eval_builtin_error"),
        Row("r := bits.lsh(1, input.neg)", "x := data.test.r",
            nonStrict: "[]", strict: "error:eval_type_error"),
        Row("r := object.get(input.n, \"a\", 1)", "x := data.test.r",
            nonStrict: "[]", strict: "error:eval_type_error"),
        Row("r := 1", "x := 10 / input.n",
            nonStrict: "[]", strict: "error:eval_builtin_error"),
        Row("r := 1", "y := 1; not 10 / input.n",
            nonStrict: "[{\"y\":1}]", strict: "error:eval_builtin_error"),
        Row("r if { not 10 / input.n > 1 }", "x := data.test.r",
            nonStrict: "[]", strict: "error:eval_builtin_error"),
        Row("r := count([y | some v in input.arr; y := 10 / v])", "x := data.test.r",
            nonStrict: "[{\"x\":2}]", strict: "error:eval_builtin_error"),
        Row("r if { every v in input.arr { 10 / v > 0 } }", "x := data.test.r",
            nonStrict: "[]", strict: "error:eval_builtin_error"),
        Row("default r := 7\nr := 10 / input.n", "x := data.test.r",
            nonStrict: "[{\"x\":7}]", strict: "error:eval_builtin_error"),
        Row("r := 10 / input.n if { true } else := 3", "x := data.test.r",
            nonStrict: "[{\"x\":3}]", strict: "error:eval_builtin_error"),
        Row("f(x) := 10 / x\nr := [f(v) | some v in input.arr]", "x := data.test.r",
            nonStrict: "[{\"x\":[10,5]}]", strict: "error:eval_builtin_error"),
        Row("s contains 10 / v if { some v in input.arr }", "x := data.test.s",
            nonStrict: "[{\"x\":[5,10]}]", strict: "error:eval_builtin_error"),
        Row("o[k] := 10 / v if { some k, v in input.arr }", "x := data.test.o",
            nonStrict: "[{\"x\":{\"0\":10,\"2\":5}}]", strict: "error:eval_builtin_error"),
        Row("r := 1 if 10 / input.n\nr := 2", "x := data.test.r",
            nonStrict: "[{\"x\":2}]", strict: "error:eval_builtin_error"),
        Row("r := x if { x := 10 / input.arr[_] }", "x := data.test.r",
            nonStrict: "error:eval_conflict_error", strict: "error:eval_builtin_error"),
        Row("f(x) := 1\nf(x) := 2 if { 10 / x }\nr := f(input.n)", "x := data.test.r",
            nonStrict: "[{\"x\":1}]", strict: "error:eval_builtin_error"),
        Row("q := 10 / input.n\nr := y if { y := q with input.n as 1 }", "x := data.test.r",
            nonStrict: "[{\"x\":10}]", strict: "[{\"x\":10}]"),
        Row("r if { print(10 / input.n) }", "x := data.test.r",
            nonStrict: "[{\"x\":true}]", strict: "error:eval_builtin_error"),
        Row("a := 10 / input.n\nb := a + 1\nc := 3", "x := data.test",
            nonStrict: "[{\"x\":{\"c\":3}}]", strict: "error:eval_builtin_error"),
        Row("r[10 / input.n] := 1", "x := data.test",
            nonStrict: "[{\"x\":{\"r\":{}}}]", strict: "error:eval_builtin_error"),
    ]

    @Test(arguments: rows) func answersAsOPAWithStrictBuiltinErrorsOff(_ row: Row) {
        #expect(RegoHarness.run(["package test\n" + row.rules], row.query, input: Self.input, strict: false) == row.nonStrict)
    }

    @Test(arguments: rows) func answersAsOPAWithStrictBuiltinErrorsOn(_ row: Row) {
        #expect(RegoHarness.run(["package test\n" + row.rules], row.query, input: Self.input, strict: true) == row.strict)
    }
}
