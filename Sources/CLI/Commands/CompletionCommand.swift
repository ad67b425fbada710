// CompletionCommand: `agentspec completion bash|zsh|fish` — prints the shell's completion
// script for every command, option and option value of the command table.

enum CompletionCommand {
    static let command = Command(
        path: ["completion"],
        summary: "Print the shell completion script for bash, zsh or fish",
        help: """
        Usage: agentspec completion bash|zsh|fish

        Prints a script that completes agentspec's commands, options and option values.
          bash   source <(agentspec completion bash)         (e.g. in ~/.bashrc)
          zsh    source <(agentspec completion zsh)          (after compinit), or save the
                 output as _agentspec in a folder of $fpath
          fish   agentspec completion fish > ~/.config/fish/completions/agentspec.fish

        Exit status: 0 printed, 64 usage error.
        """,
        operands: .words(CompletionShell.allCases.map(\.rawValue)), run: run)

    static func run(_ args: [String]) -> Int32 {
        guard args.count == 1, let shell = CompletionShell(rawValue: args[0]) else {
            let names = CompletionShell.allCases.map(\.rawValue).joined(separator: "|")
            Output.err("agentspec completion: expected one shell: \(names)\(args.isEmpty ? "" : ", got '\(args.joined(separator: " "))'")\nUsage: agentspec completion \(names)")
            return ExitCode.usage
        }
        Output.write(CompletionScript.render(shell, CompletionSpec(CommandLineTool.commands)), fd: 1)
        return ExitCode.success
    }
}
