// `agentspec policy conformance --batch`: speaks the rego-conformance/1 protocol
// (docs/rego-conformance.md: one JSON request per stdin line, one JSON answer per stdout
// line, in order, flushed). Every request gets a fresh program: nothing leaks between.
import PolicyVM

enum PolicyConformanceCommand {
    static let options = OptionTable(flags: ["--batch": "--batch"])

    static let command = Command(
        path: ["policy", "conformance"],
        summary: "Answer rego-conformance/1 requests on stdin (for the conformance runner)",
        help: """
        Usage: agentspec policy conformance --batch

        Reads one JSON request per line on stdin and writes one JSON answer per line on
        stdout, as the rego-conformance/1 protocol describes (docs/rego-conformance.md in the
        agentspec repository).
        Each request is compiled and evaluated on its own. End of input ends the command.
        """,
        options: options, run: run)

    static func run(_ args: [String]) -> Int32 {
        guard args == ["--batch"] else {
            Output.err("agentspec policy conformance: expected --batch (see --help)")
            return ExitCode.usage
        }
        while let line = readLine(strippingNewline: true) {
            if line.allSatisfy({ $0 == " " }) { continue }
            Output.out(JSONWriter.write(answer(line)))
        }
        return ExitCode.success
    }

    static func answer(_ line: String) -> Value {
        let request: Value
        do { request = try JSONReader.parse(line) } catch {
            return failure(.null, "invalid_request", "request is not JSON: \(error)")
        }
        let id = request.field("id") ?? .null
        guard request.field("protocol") == .string("rego-conformance/1") else {
            return failure(id, "unsupported", "unknown protocol")
        }
        var sources: [(name: String, text: String)] = []
        if case .array(let modules)? = request.field("modules") {
            for (i, m) in modules.enumerated() {
                if case .string(let text) = m { sources.append(("mod\(i).rego", text)) }
                else if let text = m.field("source")?.stringValue {
                    sources.append((m.field("name")?.stringValue ?? "mod\(i).rego", text))
                }
            }
        }
        let data = request.field("data") ?? .emptyObject
        let input = request.field("input")
        let strict = request.field("strict_builtin_errors") == .true
        guard let query = request.field("query")?.stringValue else { return failure(id, "invalid_request", "no query") }
        do {
            let program = try PolicyCompiler.compile(sources, data: data)
            let prepared = try PreparedQuery(query, program: program)
            let outcome = try prepared.evaluate(input: input, options: EvaluationOptions(strictBuiltinErrors: strict))
            var results: [Value] = []
            for row in outcome.rows {
                var o: RegoObject = [:]
                for (name, value) in zip(prepared.variables, row) { o[.string(name)] = value }
                results.append(.object(o))
            }
            return .object([.string("id"): id, .string("ok"): .true, .string("results"): .array(results)])
        } catch let errors as PolicyErrors {
            let e = errors.errors.first!
            return failure(id, e.code.rawValue, e.description)
        } catch let e as PolicyError {
            return failure(id, e.code.rawValue, e.description)
        } catch {
            return failure(id, "internal_error", "\(error)")
        }
    }

    static func failure(_ id: Value, _ code: String, _ message: String) -> Value {
        .object([.string("id"): id, .string("ok"): .false,
                 .string("error"): .object([.string("code"): .string(code), .string("message"): .string(message)])])
    }
}
