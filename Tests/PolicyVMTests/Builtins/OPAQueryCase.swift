// OPAQueryCase: one query of a generated OPA table (Tests/PolicyVMTests/Builtins/
// OPATables, written by scripts/gen_builtin_opa_tables.py from the real engine's
// answers) and the check that our engine gives the same answer: the same result rows
// (compared as JSON values, in any order), or the same error code and, for evaluation
// errors, the same builtin message.
import Testing
@testable import PolicyVM

/// The generated tables, one static property per builtin family.
enum OPATables {}

struct OPAQueryCase: CustomTestStringConvertible, Sendable {
    let query: String
    let inputJSON: String?
    let module: String?
    /// OPA's result rows as a JSON array of binding objects, or nil for an error.
    let resultJSON: String?
    let errorCode: String?
    let errorMessage: String?

    init(_ query: String, input: String? = nil, module: String? = nil, result: String) {
        (self.query, inputJSON, self.module, resultJSON, errorCode, errorMessage) = (query, input, module, result, nil, nil)
    }

    init(_ query: String, input: String? = nil, module: String? = nil, error code: String, _ message: String) {
        (self.query, inputJSON, self.module, resultJSON, errorCode, errorMessage) = (query, input, module, nil, code, message)
    }

    var testDescription: String {
        "\(query) with input \(inputJSON.map { String($0.prefix(200)) } ?? "none")"
    }

    /// Our engine's answer, in the table's terms: result rows as JSON values, or an
    /// error code and message.
    func evaluate() -> (rows: [Value]?, code: String?, message: String?) {
        do {
            let input = try inputJSON.map { try JSONReader.parse($0) }
            let program = try PolicyCompiler.compile(module.map { [("mod0.rego", $0)] } ?? [], data: .emptyObject)
            let prepared = try PreparedQuery(query, program: program)
            let outcome = try prepared.evaluate(input: input, options: EvaluationOptions(strictBuiltinErrors: true))
            let rows = try outcome.rows.map { row -> Value in
                var o: [Value: Value] = [:]
                for (name, value) in zip(prepared.variables, row) { o[.string(name)] = value }
                // Through JSON, as OPA answers: sets become sorted arrays.
                return try JSONReader.parse(JSONWriter.write(.object(o)))
            }
            return (rows, nil, nil)
        } catch let e as PolicyErrors {
            return (nil, e.errors[0].code.rawValue, e.errors[0].message)
        } catch let e as PolicyError {
            return (nil, e.code.rawValue, e.message)
        } catch {
            return (nil, "test_error", "\(error)")
        }
    }

    /// Records an issue unless our engine answers as OPA did.
    func check(sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let got = evaluate()
        if let resultJSON {
            guard let rows = got.rows else {
                Issue.record("\(testDescription): \(got.code ?? "") \(got.message ?? ""); OPA: \(resultJSON)",
                             sourceLocation: sourceLocation)
                return
            }
            guard case .array(let expected)? = try? JSONReader.parse(resultJSON) else {
                Issue.record("bad table row \(resultJSON)", sourceLocation: sourceLocation)
                return
            }
            #expect(sameRows(rows, expected), "\(testDescription): got \(JSONWriter.write(.array(rows))), OPA: \(resultJSON)",
                    sourceLocation: sourceLocation)
        } else {
            #expect(got.code == errorCode, "\(testDescription): got \(got.code ?? JSONWriter.write(.array(got.rows ?? []))) \(got.message ?? ""); OPA: \(errorCode ?? "") \(errorMessage ?? "")",
                    sourceLocation: sourceLocation)
            if got.code == errorCode, let code = errorCode, code.hasPrefix("eval_") {
                #expect(got.message == errorMessage, "\(testDescription)", sourceLocation: sourceLocation)
            }
        }
    }

    /// The same rows in any order (a multiset comparison).
    private func sameRows(_ a: [Value], _ b: [Value]) -> Bool {
        guard a.count == b.count else { return false }
        var remaining = b
        for row in a {
            guard let i = remaining.firstIndex(of: row) else { return false }
            remaining.remove(at: i)
        }
        return true
    }
}
