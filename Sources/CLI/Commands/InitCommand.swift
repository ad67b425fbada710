// InitCommand: `agentspec init [DIR] [--name NAME] [--yes]` — writes a starter
// agent.yaml (with prompts/system.md and eval/golden.jsonl) that validates and audits
// at grade A. On a terminal it asks for the name, description, provider,
// model and port; with --yes, or when stdin is not a terminal, it takes the defaults.
// Existing files are never overwritten.
import AgentSpec
import Foundation
#if canImport(Glibc)
import Glibc
#endif

enum InitCommand {
    static let synopsis = "agentspec init [DIR] [--name NAME] [--yes]"

    static let options = OptionTable(valued: ["--name": "--name"], flags: ["--yes": "--yes", "-y": "--yes"])

    static let command = Command(
        path: ["init"],
        summary: "Write a starter agent.yaml that validates and audits well",
        help: """
        Usage: \(synopsis)

        Writes DIR/agent.yaml (default DIR: .), the system prompt it references
        (prompts/system.md) and its evaluation dataset (eval/golden.jsonl). The
        manifest validates, audits at grade A, and its comments name the
        schema section of each part. On a terminal, init asks for the agent's name,
        description, model provider, model id, fallback model and port (Enter keeps the default).

        Options:
          --name NAME   the agent's name (lowercase letters, digits, '-'); default:
                        DIR's name made into a slug
          --yes, -y     take the defaults without asking
          --help        show this help

        Exit status: 0 written, 1 files exist or cannot be written, 64 usage error.
        """,
        options: options, operands: .files, run: run)

    static func run(_ args: [String]) -> Int32 {
        let list: ArgumentList
        do {
            list = try ArgumentList(args, options)
        } catch {
            return usage(error.message)
        }
        guard list.positionals.count <= 1 else { return usage("expected at most one DIR, got \(list.positionals.count)") }
        let dir = list.positionals.first ?? "."
        if let name = list.value("--name"), !StarterAnswers.isValidName(name) {
            return usage("--name must be lowercase letters, digits and '-' (metadata.name), got '\(name)'")
        }
        let folderName = URL(fileURLWithPath: dir).standardizedFileURL.lastPathComponent
        var answers = StarterAnswers(name: list.value("--name") ?? StarterAnswers.slug(folderName))
        let files = StarterManifest.files(answers)
        let existing = files.map { dir + "/" + $0.path }.filter { FileManager.default.fileExists(atPath: $0) }
        if !existing.isEmpty {
            for path in existing { Output.err("\(path): exists") }
            Output.err("agentspec init: nothing written; remove the existing files or choose another DIR")
            return ExitCode.failure
        }
        if !list.has("--yes") && isatty(0) == 1 {
            guard let asked = ask(answers, nameGiven: list.value("--name") != nil) else {
                Output.err("agentspec init: cancelled")
                return ExitCode.failure
            }
            answers = asked
        }
        for f in StarterManifest.files(answers) {
            let path = dir + "/" + f.path
            do {
                try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try Data(f.contents.utf8).write(to: URL(fileURLWithPath: path))
            } catch {
                Output.err("agentspec init: cannot write \(path): \(error.localizedDescription)")
                return ExitCode.failure
            }
            Output.out("wrote \(path)")
        }
        Output.out("next: agentspec validate \(dir)/agent.yaml && agentspec audit \(dir)/agent.yaml")
        return ExitCode.success
    }

    /// Asks each question on the terminal; nil at end of input.
    static func ask(_ defaults: StarterAnswers, nameGiven: Bool) -> StarterAnswers? {
        var a = defaults
        if !nameGiven {
            while true {
                guard let name = prompt("Agent name", a.name) else { return nil }
                if StarterAnswers.isValidName(name) { a.name = name; break }
                Output.err("  the name must be lowercase letters, digits and '-' (e.g. \(StarterAnswers.slug(name)))")
            }
        }
        guard let description = prompt("Description", a.description) else { return nil }
        a.description = description.isEmpty ? a.description : description
        guard let provider = prompt("Model provider", a.provider) else { return nil }
        a.provider = provider
        guard let model = prompt("Model id", a.modelId) else { return nil }
        a.modelId = model
        while true {
            guard let fallback = prompt("Fallback model id", a.fallbackModelId == model ? "" : a.fallbackModelId) else { return nil }
            if !fallback.isEmpty && fallback != model { a.fallbackModelId = fallback; break }
            Output.err("  the fallback must be a different model than \(model)")
        }
        while true {
            guard let port = prompt("Port the agent listens on", String(a.port)) else { return nil }
            if let p = Int(port), (1...65535).contains(p), p != 4000, p != 4001 { a.port = p; break }
            Output.err("  the port must be 1-65535 and not 4000/4001 (the sidecar's)")
        }
        return a
    }

    /// `Question [default]: ` -> the trimmed answer, the default for an empty one.
    static func prompt(_ question: String, _ defaultValue: String) -> String? {
        Output.write("\(question) [\(defaultValue)]: ", fd: 1)
        guard let line = readLine() else { return nil }
        let answer = line.trimmingCharacters(in: .whitespaces)
        return answer.isEmpty ? defaultValue : answer
    }

    static func usage(_ message: String) -> Int32 {
        Output.err("agentspec init: \(message)\nUsage: \(synopsis)")
        return ExitCode.usage
    }
}
