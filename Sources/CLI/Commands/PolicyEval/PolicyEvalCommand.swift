// `agentspec policy eval`: evaluate a query over policies and data as `opa eval` does
// (its flags, output formats and exit codes). Exit status, as OPA's: 0 evaluated (whatever the result), 1 when
// --fail finds the result undefined or --fail-defined finds it defined, 2 when the
// policies, input or query do not load, compile or evaluate, 64 for usage errors.
import AgentSpec
import PolicyVM

enum PolicyEvalCommand {
    static let options = OptionTable(
        valued: ["-d": "data", "--data": "data", "-b": "bundle", "--bundle": "bundle", "-i": "input", "--input": "input",
                 "-f": "format", "--format": "format", "--instruction-limit": "limit"]
            .merging(BundleSigningOptions.verification) { a, _ in a },
        flags: ["-S": "strict", "--strict": "strict", "--strict-builtin-errors": "strict-builtin-errors", "-I": "stdin-input", "--stdin-input": "stdin-input",
                "--fail": "fail", "--fail-defined": "fail-defined"],
        choices: ["format": EvalFormat.allCases.map(\.rawValue)])

    /// OPA's exit status for an evaluation that could not be done.
    static let errorStatus: Int32 = 2

    static let command = Command(
        path: ["policy", "eval"],
        summary: "Evaluate a Rego query over policies and data (like opa eval)",
        help: """
        Usage: agentspec policy eval [-d PATH]... [-b BUNDLE]... [-i FILE | -I] [-f FORMAT]
                                     [--fail | --fail-defined] [-S] [--strict-builtin-errors] QUERY

        Options:
          -d, --data PATH     .rego, .json, .yaml/.yml files, or a folder of them; data lands
                              at its folder's path (a/b/x.json under -d . at data.a.b);
                              PREFIX:PATH places it below data.PREFIX (repeatable)
          -b, --bundle PATH   an OPA bundle: a .tar.gz or a folder (data.json/data.yaml at their
                              paths, .manifest roots checked) (repeatable)
          -i, --input FILE    the input document, JSON or YAML (read by content)
          -I, --stdin-input   read the input document from stdin
          -f, --format F      json (default), values, bindings, pretty or raw, as opa eval
          --fail              exit 1 when the result is undefined
          --fail-defined      exit 1 when the result is defined (a gate: `data.x.deny[v]`)
          -S, --strict        OPA's compiler strict mode (as policy check --strict)
          --strict-builtin-errors
                              the first builtin error stops evaluation (by default, as in
                              OPA, a failing builtin call is undefined and evaluation goes on)
          --instruction-limit N   the most VM instructions one evaluation may run
        \(BundleSigningOptions.verificationHelp)

        Output (json): {"result":[{"expressions":[{"value","text","location"}],"bindings"}]},
        one expression per query term, `{}` when undefined. Hidden files and folders
        (.git, ..data) are skipped. Exit status: 0 evaluated, 1 --fail/--fail-defined
        tripped, 2 load, compile or evaluation error (errors on stderr; with -f json, as
        {"errors":[…]} on stdout), 64 usage error.
        """,
        options: options, operands: .none, run: run)

    static func run(_ args: [String]) -> Int32 {
        let parsed: ArgumentList, query: String
        do {
            parsed = try ArgumentList(args, options)
            query = try parsed.single("QUERY")
        } catch { return usage(error.message) }
        guard let format = EvalFormat(rawValue: parsed.value("format") ?? "json") else {
            return usage("--format must be one of \(EvalFormat.allCases.map(\.rawValue).joined(separator: ", ")), got \"\(parsed.value("format")!)\"")
        }
        if parsed.has("fail") && parsed.has("fail-defined") { return usage("specify --fail or --fail-defined but not both") }
        if parsed.has("stdin-input") && parsed.value("input") != nil { return usage("specify --stdin-input or --input but not both") }
        var options = EvaluationOptions(strictBuiltinErrors: parsed.has("strict-builtin-errors"))
        if let l = parsed.value("limit") {
            guard let n = Int(l), n > 0 else { return usage("--instruction-limit must be a positive integer, got \"\(l)\"") }
            options.instructionLimit = n
        }

        let signatures: BundleSignaturePolicy
        switch BundleSigningOptions.policy(parsed) {
        case .success(let p): signatures = p
        case .failure(let e): return usage(e.text)
        }

        let loaded: LoadedPolicy
        do { loaded = try PolicyFileLoader.load(dataFiles: parsed.values("data"), bundles: parsed.values("bundle"), signatures: signatures) } catch {
            if format == .json { Output.write(EvalOutput.jsonErrors(messages: [error.description]), fd: 1) }
            else { Output.err("error: \(error)") }
            return errorStatus
        }
        var input: Value?
        if parsed.has("stdin-input") || parsed.value("input") != nil {
            let path = parsed.value("input") ?? "/dev/stdin"
            do { input = try DataFileReader.readInput(path, name: parsed.value("input") == nil ? "stdin" : nil) } catch {
                Output.err("error: unable to parse input: \(error)")
                return errorStatus
            }
        }
        let prepared: PreparedQuery
        let outcome: QueryOutcome
        do {
            prepared = try PolicyLoading.compile(query, loaded, strict: parsed.has("strict"))
            outcome = try prepared.evaluate(input: input, options: options)
        } catch let e as PolicyErrors {
            return failed(e.errors, format, loaded, query)
        } catch let e as PolicyError {
            return failed([e], format, loaded, query)
        } catch {
            Output.err("error: \(error)")
            return errorStatus
        }
        for line in outcome.printed { Output.err(line) }
        let results = EvalResult.results(prepared, outcome)
        Output.write(EvalOutput.render(results, as: format), fd: 1)
        if parsed.has("fail") && results.isEmpty { return ExitCode.failure }
        if parsed.has("fail-defined") && !results.isEmpty { return ExitCode.failure }
        return ExitCode.success
    }

    private static func failed(_ errors: [PolicyError], _ format: EvalFormat, _ loaded: LoadedPolicy, _ query: String) -> Int32 {
        if format == .json { Output.write(EvalOutput.jsonErrors(errors), fd: 1) }
        else { PolicyLoading.report(errors, sources: loaded.modules, query: query) }
        return errorStatus
    }

    private static func usage(_ message: String) -> Int32 { Output.usageError("policy eval", message) }
}
