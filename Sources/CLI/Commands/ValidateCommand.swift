// ValidateCommand: `agentspec validate FILE [--json]` — reads a manifest, checks every
// schema constraint and reference syntax, lists every problem. Exit 0 valid, 1 not.
import AgentSpec

enum ValidateCommand {
    static let options = OptionTable(flags: ["--json": "--json"])

    static let command = Command(
        path: ["validate"],
        summary: "Check a manifest (agent.yaml) against the schema",
        help: """
        Usage: agentspec validate FILE [--json]

        Reads the manifest FILE and checks it against the AgentSpec schema: required
        fields, types, ranges, enums, patterns, reference syntax ($env:, $secret:,
        $file:, $func:) and cross-field rules. Every problem is listed as
        FILE:LINE:COL: PATH: MESSAGE. References are not resolved.

        Options:
          --json    print {"schemaVersion","valid","file","errors":[{"path","line","column",
                    "message","code"}]} (docs/json-output.md)
          --help    show this help

        Exit status: 0 valid, 1 invalid or unreadable, 64 usage error.
        """,
        options: options, operands: .files, run: run)

    static func run(_ args: [String]) -> Int32 {
        let list: ArgumentList
        do {
            list = try ArgumentList(args, options)
        } catch {
            return usage(error.message)
        }
        guard list.positionals.count == 1, let file = list.positionals.first else {
            return usage(list.positionals.isEmpty ? "missing FILE" : "expected one FILE, got \(list.positionals.count)")
        }
        let loaded = ManifestLoader.load(path: file)
        if list.has("--json") {
            JSONDocument.print(JSONDocument.validation(loaded), pretty: false)
        } else if loaded.isValid, let m = loaded.manifest {
            Output.out("\(file): valid (agent \(m.metadata.name) \(m.metadata.version))")
        } else {
            for d in loaded.diagnostics { Output.err(d.description) }
            let n = loaded.diagnostics.count
            Output.err("\(file): \(n) problem\(n == 1 ? "" : "s")")
        }
        return loaded.isValid ? ExitCode.success : ExitCode.failure
    }

    static func usage(_ message: String) -> Int32 {
        Output.err("agentspec validate: \(message)\nUsage: agentspec validate FILE [--json]")
        return ExitCode.usage
    }
}
