// RegoHarness: compiles modules and evaluates a query the way the conformance runner
// does, returning the solutions as compact JSON or the error code, for table tests.
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
