// A builtin's object argument need not have every property its declaration names
// (OPA's engine takes `json.patch({}, p)` with `p = [{"op": "add"}]` and lets the
// builtin refuse the missing path), while the properties it has must fit; `==` between
// objects stays strict. json.patch checks an operation's attributes in OPA's order:
// path and op present, the path read, then op, from and value. Every expected answer
// is the real OPA engine's (strict builtin errors), code and message (the first line,
// without the location) copied from its output.
import Testing
@testable import PolicyVM

@Suite struct BuiltinObjectArgumentTests {
    @Test(arguments: [
        ("p = [{\"x\": \"add\"}]\nr = json.patch({}, p)", "x := data.test.r", "eval_builtin_error: json.patch: missing required attribute 'path'"),
        ("p = [{\"op\": \"add\"}]\nr = json.patch({}, p)", "x := data.test.r", "eval_builtin_error: json.patch: missing required attribute 'path'"),
        ("p = [{\"op\": 1, \"path\": \"/a\"}]\nr = json.patch({}, p)", "x := data.test.r", "rego_type_error: json.patch: invalid argument(s)"),
        ("p = {\"pretty\": true}\nr = json.marshal_with_options([1], p)", "x := data.test.r", "[{\"x\":\"[\\n\\t1\\n]\"}]"),
        ("p = {\"pretty\": 1}\nr = json.marshal_with_options([1], p)", "x := data.test.r", "rego_type_error: json.marshal_with_options: invalid argument(s)"),
        ("r if { x := {\"a\": 1}; x == {\"b\": 2} }", "x := data.test.r", "rego_type_error: match error"),
        ("r = json.patch({}, [{\"path\": 1}])", "x := data.test.r", "eval_builtin_error: json.patch: missing required attribute 'op'"),
        ("r = json.patch({}, [{\"op\": \"bad\", \"path\": 1}])", "x := data.test.r", "eval_type_error: json.patch: operand 2 must be one of {set, array} containing string paths or array of path segments but got number"),
        ("r = json.patch({}, [{\"op\": \"bad\"}])", "x := data.test.r", "eval_builtin_error: json.patch: missing required attribute 'path'"),
        ("r = json.patch({}, [{\"op\": \"add\", \"path\": 1}])", "x := data.test.r", "eval_type_error: json.patch: operand 2 must be one of {set, array} containing string paths or array of path segments but got number"),
        ("r = json.patch({}, [{\"\": \"add\", \"path\": \"/a\"}])", "x := data.test.r", "eval_builtin_error: json.patch: missing required attribute 'op'"),
    ])
    func matchesOPA(rules: String, query: String, expected: String) throws {
        let got: String
        do {
            let program = try PolicyCompiler.compile([("m0.rego", "package test\n" + rules)])
            let q = try PreparedQuery(query, program: program)
            let rows = try q.evaluate(input: nil, options: EvaluationOptions(strictBuiltinErrors: true)).rows
            got = "[" + rows.map { row in JSONWriter.write(.object(Dictionary(uniqueKeysWithValues: zip(q.variables.map(Value.string), row)))) }
                .joined(separator: ",") + "]"
        } catch let e as PolicyErrors {
            got = "\(e.errors[0].code.rawValue): " + (e.errors[0].message.split(separator: "\n").first.map(String.init) ?? "")
        } catch let e as PolicyError {
            got = "\(e.code.rawValue): " + (e.message.split(separator: "\n").first.map(String.init) ?? "")
        }
        #expect(got == expected, "\(rules)")
    }
}
