// `agentspec policy capabilities [--current]`: prints what the embedded VM supports in
// OPA's capabilities JSON (`opa capabilities --current`): every builtin with its
// declaration, the future keywords, the features. It is the statement of the Rego
// subset (the README links it), read from the registry at run time.
import PolicyVM

enum PolicyCapabilitiesCommand {
    static let options = OptionTable(flags: ["--current": "current"])

    static let command = Command(
        path: ["policy", "capabilities"],
        summary: "Print the supported builtins and features as OPA's capabilities JSON",
        help: """
        Usage: agentspec policy capabilities [--current]

        Prints the capabilities of the embedded VM as OPA's capabilities document:
        {"builtins":[{"name","decl":{"type":"function","args":[…],"result":…}}],
        "future_keywords":[…],"features":[…]}. Every builtin the VM runs is listed with
        the declaration the type checker checks its calls against; operators carry
        "infix". OPA reads the file with `opa check --capabilities FILE`, which then
        refuses what agentspec cannot run. --current is accepted for OPA's spelling
        (there are no other versions to print). Exit 0, 64 usage error.
        """,
        options: options, operands: .none, run: run)

    static func run(_ args: [String]) -> Int32 {
        let parsed: ArgumentList
        do { parsed = try ArgumentList(args, options) } catch { return Output.usageError("policy capabilities", error.message) }
        guard parsed.positionals.isEmpty else {
            return Output.usageError("policy capabilities", "unexpected argument \"\(parsed.positionals[0])\"")
        }
        Output.out(JSONWriter.writePretty(Capabilities.document))
        return ExitCode.success
    }
}
