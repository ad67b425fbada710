// `agentspec policy check [PATH]... [-b] [--format pretty|json] [--strict]`: parses,
// compiles and type-checks policies without evaluating them, like `opa check`. Errors
// go to stderr as `file:line:col: code: message` with the source line and a caret, or
// with --format json to stdout as OPA's {"errors":[{"message","code","location"}]}
// (`{"errors":[]}` when all is well, so a script always reads a document). Exit 0 no
// errors, 1 errors (OPA's), 64 usage error.
import AgentSpec
import PolicyVM

enum PolicyCheckCommand {
    static let options = OptionTable(
        valued: ["-f": "format", "--format": "format"],
        flags: ["-b": "bundle", "--bundle": "bundle", "-S": "strict", "--strict": "strict"],
        choices: ["format": ["pretty", "json"]])

    static let command = Command(
        path: ["policy", "check"],
        summary: "Parse, compile and type-check policies without running them (like opa check)",
        help: """
        Usage: agentspec policy check [PATH]... [-b] [--format pretty|json] [--strict]

        Loads the paths (default: .) as policy test does (.rego modules, .json/.yaml data;
        with -b each path is a bundle) and runs every compiler stage: parse (several
        errors per file, as OPA reports them), module checks, safety, recursion and types.

        Options:
          -b, --bundle     load the paths as bundles
          -f, --format F   pretty (default: errors on stderr with the source line) or json
                           (OPA's {"errors":[{"message","code","location":{"file","row","col"}}]}
                           on stdout; {"errors":[]} when there are none)
          -S, --strict     also refuse imports no rule uses (OPA's strict mode, in part)

        Exit status: 0 no errors, 1 errors found, 64 usage error.
        """,
        options: options, operands: .files, run: run)

    static func run(_ args: [String]) -> Int32 {
        let parsed: ArgumentList, format: String
        do {
            parsed = try ArgumentList(args, options)
            format = try parsed.choice("format", of: ["pretty", "json"], default: "pretty")
        } catch { return usage(error.message) }
        let asJSON = format == "json"
        let paths = parsed.positionals.isEmpty ? ["."] : parsed.positionals
        let loaded: LoadedPolicy
        do {
            loaded = try PolicyFileLoader.load(dataFiles: parsed.has("bundle") ? [] : paths, bundles: parsed.has("bundle") ? paths : [])
        } catch {
            if asJSON { Output.write(loadErrorDocument(error), fd: 1) } else { Output.err("error: \(error)") }
            return ExitCode.failure
        }
        do { _ = try PolicyCompiler.compile(loaded.modules, data: loaded.data, strict: parsed.has("strict")) } catch {
            if asJSON { Output.write(EvalOutput.jsonErrors(error.errors), fd: 1) }
            else { PolicyLoading.report(error.errors, sources: loaded.modules, query: "") }
            return ExitCode.failure
        }
        if asJSON { Output.write(EvalOutput.jsonErrors([]), fd: 1) }
        return ExitCode.success
    }

    /// A file that does not load, in the errors shape: its message, and where when known.
    static func loadErrorDocument(_ error: PolicyLoadError) -> String {
        var fields: [(String, GoJSONLayout)] = []
        if let p = error.position {
            fields.append(("location", .fields([("file", .value(.string(error.path))), ("row", .value(.int(p.line))),
                                                ("col", .value(.int(p.column)))])))
        }
        fields.append(("message", .value(.string(error.description))))
        fields.append(("code", .value(.string("load_error"))))
        return GoJSONLayout.fields([("errors", .list([.fields(fields)]))]).document()
    }

    static func usage(_ message: String) -> Int32 { Output.usageError("policy check", message) }
}
