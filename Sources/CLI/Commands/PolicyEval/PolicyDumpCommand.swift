// `agentspec policy dump`: the compiled bytecode of policies and a query, loaded as
// `policy eval` loads them (the disassembler's text, for reading what the compiler did).
import PolicyVM

enum PolicyDumpCommand {
    static let options = OptionTable(valued: ["-d": "data", "--data": "data", "-b": "bundle", "--bundle": "bundle"])

    static let command = Command(
        path: ["policy", "dump"],
        summary: "Print the compiled bytecode of policies and a query",
        help: """
        Usage: agentspec policy dump [-d PATH]... [-b BUNDLE]... QUERY

        Compiles the policies and the query and prints every procedure's instructions with
        their addresses, operands and source lines. Paths load as for policy eval.
        """,
        options: options, operands: .none, run: run)

    static func run(_ args: [String]) -> Int32 {
        let parsed: ArgumentList
        do { parsed = try ArgumentList(args, options) } catch { return Output.usageError("policy dump", error.message) }
        guard parsed.positionals.count == 1 else { return Output.usageError("policy dump", "expected one QUERY (see --help)") }
        guard let loaded = PolicyLoading.load(dataFiles: parsed.values("data"), bundles: parsed.values("bundle")),
              let prepared = PolicyLoading.prepare(parsed.positionals[0], loaded) else { return ExitCode.failure }
        Output.out(Disassembler.text(prepared))
        return ExitCode.success
    }
}
