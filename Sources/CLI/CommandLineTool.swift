// CommandLineTool: the table of commands and the dispatch to them. Exit codes are the
// project's: 0 success, 1 failure, 64 usage error (EX_USAGE). The table is what help,
// dispatch and shell completion (`agentspec completion`) all read.
import AgentSpec

/// One `agentspec` command (possibly a group, like `policy`).
struct Command: Sendable {
    /// The words that select it, e.g. ["policy", "eval"].
    let path: [String]
    /// One line for the command list.
    let summary: String
    /// The full `--help` text.
    let help: String
    /// The options it accepts (parsing and completion read the same table).
    var options = OptionTable()
    /// What its positional arguments are, for completion.
    var operands = Operands.none
    let run: @Sendable ([String]) -> Int32
}

enum ExitCode {
    static let success: Int32 = 0
    static let failure: Int32 = 1
    static let usage: Int32 = 64
}

enum CommandLineTool {
    static let version = AgentSpecVersion.current

    static let commands: [Command] = [
        SidecarCommand.command,
        DemoCommand.command,
        ExampleAgentCommand.command,
        ValidateCommand.command,
        AuditCommand.command,
        GeneratePolicyCommand.command,
        GenerateCommand.command,
        HealthCommand.command,
        InitCommand.command,
        PolicyEvalCommand.command,
        PolicyDumpCommand.command,
        PolicyBuildCommand.command,
        PolicyFormatCommand.command,
        PolicyCheckCommand.command,
        PolicyBenchCommand.command,
        PolicyCapabilitiesCommand.command,
        PolicyConformanceCommand.command,
        PolicyTestCommand.command,
        CompletionCommand.command,
    ]

    static func run(_ args: [String]) -> Int32 {
        if args.isEmpty || args == ["--help"] || args == ["-h"] || args == ["help"] {
            Output.out(overview())
            return args.isEmpty ? ExitCode.usage : ExitCode.success
        }
        if args == ["--version"] || args == ["version"] {
            Output.out("agentspec \(version)")
            return ExitCode.success
        }
        // The longest command path that prefixes the arguments wins.
        let match = commands
            .filter { args.count >= $0.path.count && Array(args.prefix($0.path.count)) == $0.path }
            .max { $0.path.count < $1.path.count }
        guard let command = match else {
            let group = commands.filter { $0.path.first == args[0] }
            if !group.isEmpty {
                Output.err(groupHelp(args[0], group))
                return args.count == 1 || args[1] == "--help" ? (args.count == 1 ? ExitCode.usage : ExitCode.success) : ExitCode.usage
            }
            Output.err("agentspec: unknown command '\(args[0])' (see 'agentspec --help')")
            return ExitCode.usage
        }
        let rest = Array(args.dropFirst(command.path.count))
        if rest.contains("--help") || rest.contains("-h") {
            Output.out(command.help)
            return ExitCode.success
        }
        return command.run(rest)
    }

    static func overview() -> String {
        var lines = ["agentspec \(version): holds an AI agent to its manifest.", "", "Usage: agentspec <command> [options]", "", "Commands:"]
        let width = commands.map { $0.path.joined(separator: " ").count }.max() ?? 0
        for c in commands {
            let name = c.path.joined(separator: " ")
            lines.append("  " + name + String(repeating: " ", count: width - name.count + 2) + c.summary)
        }
        lines.append("")
        lines.append("Run 'agentspec <command> --help' for a command's options.")
        return lines.joined(separator: "\n")
    }

    static func groupHelp(_ group: String, _ members: [Command]) -> String {
        var lines = ["Usage: agentspec \(group) <command> [options]", "", "Commands:"]
        for c in members { lines.append("  " + c.path.joined(separator: " ") + "  " + c.summary) }
        return lines.joined(separator: "\n")
    }
}
