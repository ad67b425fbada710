// GeneratePolicyCommand: `agentspec generate-policy FILE [--out DIR] [--json]` — writes
// the manifest's policy bundle (policy.rego + data.json) into DIR (default: the
// current folder). The files carry no timestamps, so they can be committed and diffed.
import AgentSpec
import Foundation
import PolicyVM

enum GeneratePolicyCommand {
    static let command = Command(
        path: ["generate-policy"],
        summary: "Write the manifest's Rego policy (policy.rego + data.json)",
        help: """
        Usage: agentspec generate-policy FILE [--out DIR] [--json]

        Generates the policy the sidecar enforces for the manifest FILE: policy.rego
        (package agentspec.agent.<name with - as _>, one `deny contains "<id>"` rule
        per declaration) and data.json (thresholds, TTL, cost limits, destructive
        tools, PII fields, blocked topics). Query data.agentspec.agent.<name>.deny.

        Options:
          --out DIR   folder to write into (created if missing; default: .)
          --json      print {"package","query","rules","files"} instead of a summary
          --help      show this help

        Exit status: 0 written, 1 invalid manifest or write failure, 64 usage error.
        """,
        run: run)

    static func run(_ args: [String]) -> Int32 {
        let list: ArgumentList
        do {
            list = try ArgumentList(args, valued: ["--out": "--out", "-o": "--out"], flags: ["--json": "--json"])
        } catch {
            return usage(error.message)
        }
        guard list.positionals.count == 1, let file = list.positionals.first else {
            return usage(list.positionals.isEmpty ? "missing FILE" : "expected one FILE, got \(list.positionals.count)")
        }
        let loaded = ManifestLoader.load(path: file)
        guard loaded.isValid, let manifest = loaded.manifest else {
            for d in loaded.diagnostics { Output.err(d.description) }
            Output.err("\(file): no policy written: the manifest is invalid")
            return ExitCode.failure
        }
        let policy = PolicyGenerator.generate(manifest)
        let dir = list.value("--out") ?? "."
        let regoPath = dir + "/policy.rego", dataPath = dir + "/data.json"
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try Data(policy.rego.utf8).write(to: URL(fileURLWithPath: regoPath))
            try Data(policy.dataJSON.utf8).write(to: URL(fileURLWithPath: dataPath))
        } catch {
            Output.err("agentspec generate-policy: cannot write to \(dir): \(error.localizedDescription)")
            return ExitCode.failure
        }
        if list.has("--json") {
            Output.out(JSONWriter.write(.object([
                "package": .string(policy.packageName), "query": .string(policy.denyQuery),
                "rules": .array(policy.ruleIds.map { .string($0) }),
                "files": .array([.string(regoPath), .string(dataPath)]),
            ])))
        } else {
            Output.out("wrote \(regoPath) (\(policy.ruleIds.count) deny rule\(policy.ruleIds.count == 1 ? "" : "s")) and \(dataPath)")
            Output.out("query: \(policy.denyQuery)")
        }
        return ExitCode.success
    }

    static func usage(_ message: String) -> Int32 {
        Output.err("agentspec generate-policy: \(message)\nUsage: agentspec generate-policy FILE [--out DIR] [--json]")
        return ExitCode.usage
    }
}
