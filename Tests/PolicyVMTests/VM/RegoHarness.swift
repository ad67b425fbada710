// RegoHarness: compiles modules and evaluates a query the way the conformance runner
// does, returning the solutions as compact JSON or the error code, for table tests; and
// the one check of a table row (rules, query, input, data, the real OPA engine's answer).
import Testing
@testable import PolicyVM

enum RegoHarness {
    /// "[{...},...]" (bindings per solution, sorted by JSON text) or "error:<code>".
    static func run(_ modules: [String], _ query: String, input: Value? = nil, data: Value = .emptyObject,
                    strict: Bool = false, limit: Int = EvaluationOptions.defaultInstructionLimit) -> String {
        do {
            let program = try PolicyCompiler.compile(modules.enumerated().map { ("m\($0.offset).rego", $0.element) }, data: data)
            let q = try PreparedQuery(query, program: program)
            let out = try q.evaluate(input: input, options: EvaluationOptions(strictBuiltinErrors: strict, instructionLimit: limit))
            let rows = out.rows.map { row -> String in
                var o: [Value: Value] = [:]
                for (n, v) in zip(q.variables, row) { o[.string(n)] = v }
                return JSONWriter.write(.object(o))
            }
            return "[" + Set(rows).sorted().joined(separator: ",") + "]"
        } catch let e as PolicyErrors {
            return "error:" + e.errors[0].code.rawValue
        } catch let e as PolicyError {
            return "error:" + e.code.rawValue
        } catch {
            return "error:\(error)"
        }
    }
}

extension RegoHarness {
    /// Checks one row of a table of OPA's answers: `rules` (a module body of `package
    /// test`) compiled with `data`, `query` evaluated on `input` with strict builtin
    /// errors, must give `expected` — the real OPA engine's answer in `run`'s form.
    /// `input` and `data` are JSON; an `input` of `null` means no input document.
    static func expectOPAAnswer(rules: String, query: String, input: String, data: String, expected: String,
                                sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let inputValue: Value? = input == "null" ? nil : try JSONReader.parse(input)
        let got = run(["package test\n" + rules], query, input: inputValue, data: try JSONReader.parse(data), strict: true)
        #expect(got == expected, "\(rules)\n\(query) \(input)", sourceLocation: sourceLocation)
    }
}
