// `agentspec policy eval` and `agentspec policy dump`: evaluate a query over policies
// and data like `opa eval --format json`, or print the compiled program.
import PolicyVM

enum PolicyEvalCommand {
    static let options = OptionTable(valued: ["-d": "data", "--data": "data", "-i": "input", "--input": "input",
                                              "--instruction-limit": "limit"],
                                     flags: ["--strict": "strict"])

    static let command = Command(
        path: ["policy", "eval"],
        summary: "Evaluate a Rego query over policies and data (like opa eval --format json)",
        help: """
        Usage: agentspec policy eval [-d FILE|DIR]... [-i input.json] [--strict] QUERY

        Options:
          -d, --data PATH     a .rego file, a data .json file, or a folder of them (repeatable)
          -i, --input FILE    the input document (JSON); without it, input is undefined
          --strict            builtin errors stop evaluation instead of being undefined
          --instruction-limit N   the most VM instructions one evaluation may run

        Output: {"result":[{"expressions":[{"value":…,"text":…}],"bindings":{…}}]}, no
        "result" when the query is undefined. Errors go to stderr as file:line:col: code:
        message with the source line; exit 1. Usage errors exit 64.
        """,
        options: options, operands: .none, run: run)

    static func run(_ args: [String]) -> Int32 {
        let parsed: ArgumentList
        do {
            parsed = try ArgumentList(args, options)
        } catch {
            Output.err("agentspec policy eval: \(error.message)")
            return ExitCode.usage
        }
        guard parsed.positionals.count == 1 else {
            Output.err("agentspec policy eval: expected one QUERY (see --help)")
            return ExitCode.usage
        }
        let query = parsed.positionals[0]
        var options = EvaluationOptions(strictBuiltinErrors: parsed.has("strict"))
        if let l = parsed.value("limit") {
            guard let n = Int(l), n > 0 else {
                Output.err("agentspec policy eval: --instruction-limit must be a positive integer, got \"\(l)\"")
                return ExitCode.usage
            }
            options.instructionLimit = n
        }
        guard let loaded = PolicyLoading.load(parsed.values("data")) else { return ExitCode.failure }
        var input: Value?
        if let path = parsed.value("input") {
            guard let v = PolicyLoading.readJSON(path) else { return ExitCode.failure }
            input = v
        }
        guard let prepared = PolicyLoading.prepare(query, loaded) else { return ExitCode.failure }
        let outcome: QueryOutcome
        do {
            outcome = try prepared.evaluate(input: input, options: options)
        } catch {
            PolicyLoading.report([error], sources: loaded.modules, query: query)
            return ExitCode.failure
        }
        for line in outcome.printed { Output.err(line) }
        Output.out(JSONWriter.writePretty(resultDocument(prepared, outcome, query: query)))
        return ExitCode.success
    }

    /// OPA's eval result shape: one entry per solution, with each query expression's
    /// value, text and location, and the bindings.
    static func resultDocument(_ prepared: PreparedQuery, _ outcome: QueryOutcome, query: String) -> Value {
        guard !outcome.rows.isEmpty else { return .emptyObject }
        var results: [Value] = []
        for (row, values) in zip(outcome.rows, outcome.expressionValues) {
            var bindings: RegoObject = [:]
            for (name, value) in zip(prepared.variables, row) { bindings[.string(name)] = value }
            let expressions: [Value] = zip(prepared.expressions, values).map { term, value in
                .object([
                    .string("value"): value,
                    .string("text"): .string(term.text),
                    .string("location"): .object([.string("row"): .int(term.location.line), .string("col"): .int(term.location.column)]),
                ])
            }
            var entry: RegoObject = [.string("expressions"): .array(expressions)]
            if !bindings.isEmpty { entry[.string("bindings")] = .object(bindings) }
            results.append(.object(entry))
        }
        return .object([.string("result"): .array(results)])
    }
}

enum PolicyDumpCommand {
    static let options = OptionTable(valued: ["-d": "data", "--data": "data"])

    static let command = Command(
        path: ["policy", "dump"],
        summary: "Print the compiled bytecode of policies and a query",
        help: """
        Usage: agentspec policy dump [-d FILE|DIR]... QUERY

        Compiles the policies and the query and prints every procedure's instructions with
        their addresses, operands and source lines.
        """,
        options: options, operands: .none, run: run)

    static func run(_ args: [String]) -> Int32 {
        let parsed: ArgumentList
        do {
            parsed = try ArgumentList(args, options)
        } catch {
            Output.err("agentspec policy dump: \(error.message)")
            return ExitCode.usage
        }
        guard parsed.positionals.count == 1 else {
            Output.err("agentspec policy dump: expected one QUERY (see --help)")
            return ExitCode.usage
        }
        guard let loaded = PolicyLoading.load(parsed.values("data")),
              let prepared = PolicyLoading.prepare(parsed.positionals[0], loaded) else { return ExitCode.failure }
        Output.out(Disassembler.text(prepared))
        return ExitCode.success
    }
}
