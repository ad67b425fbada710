// GeneratePolicyCommand: `agentspec generate-policy FILE [--out DIR] [--force] [--json]`
// — writes the manifest's policy bundle (policy.rego + data.json) into DIR (default:
// the current folder). The files carry no timestamps, so they can be committed and
// diffed. Existing files are not overwritten without --force (as with `generate`).
import AgentSpec
import Foundation
import PolicyVM

enum GeneratePolicyCommand {
    static let synopsis = "agentspec generate-policy FILE [--out DIR] [--force] [--json]"

    static let options = OptionTable(valued: ["--out": "--out", "-o": "--out"], flags: ["--json": "--json", "--force": "--force"])

    static let command = Command(
        path: ["generate-policy"],
        summary: "Write the manifest's Rego policy (policy.rego + data.json)",
        help: """
        Usage: \(synopsis)

        Generates the policy the sidecar enforces for the manifest FILE: policy.rego
        (package agentspec.agent.<name with - as _>, one `deny contains "<id>"` rule
        per declaration) and data.json (thresholds, TTL, cost limits, destructive
        tools, PII fields, blocked topics), whose values sit under the agent's package,
        at data.agentspec.agent.<name with - as _>, so several agents' bundles load into
        one OPA side by side. Query data.agentspec.agent.<name>.deny.

        Options:
          --out DIR, -o DIR   folder to write into (created if missing; default: .)
          --force             overwrite policy.rego and data.json if they exist
          --json              print {"schemaVersion","agentName","package","query","dataPath",
                              "rules","files"} instead of a summary; a document on failure too
                              (docs/json-output.md)
          --help              show this help

        Exit status: 0 written, 1 invalid manifest, existing files or write failure, 64 usage error.
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
        let asJSON = list.has("--json")
        let loaded = ManifestLoader.load(path: file)
        guard loaded.isValid, let manifest = loaded.manifest else {
            for d in loaded.diagnostics { Output.err(d.description) }
            let message = "\(file): no policy written: the manifest is invalid"
            Output.err(message)
            if asJSON { JSONDocument.print(JSONDocument.invalidManifest(loaded, message), pretty: false) }
            return ExitCode.failure
        }
        let policy = PolicyGenerator.generate(manifest)
        let dir = list.value("--out") ?? "."
        let files = [GeneratedFile(path: "policy.rego", contents: policy.rego), GeneratedFile(path: "data.json", contents: policy.dataJSON)]
        switch GeneratedFileWriter.write(files, into: dir, force: list.has("--force")) {
        case .exist(let existing):
            for path in existing { Output.err("\(path): exists") }
            let message = GeneratedFileWriter.existMessage("generate-policy", existing)
            Output.err(message)
            if asJSON {
                JSONDocument.print(JSONDocument.failure(code: "files-exist", message: message,
                                                        ["valid": true, "files": .array(existing.map { .string($0) })]), pretty: false)
            }
            return ExitCode.failure
        case .failed(let path, let reason):
            let message = "agentspec generate-policy: cannot write \(path): \(reason)"
            Output.err(message)
            if asJSON { JSONDocument.print(JSONDocument.failure(code: "write-failed", message: message, ["valid": true]), pretty: false) }
            return ExitCode.failure
        case .written(let paths):
            if asJSON {
                JSONDocument.print(.object([
                    "valid": true, "agentName": .string(manifest.metadata.name), "package": .string(policy.packageName), "query": .string(policy.denyQuery),
                    "dataPath": .string(policy.dataPath), "rules": .array(policy.ruleIds.map { .string($0) }),
                    "files": .array(paths.map { .string($0) }),
                ]), pretty: false)
            } else {
                Output.out("wrote \(paths[0]) (\(policy.ruleIds.count) deny rule\(policy.ruleIds.count == 1 ? "" : "s")) and \(paths[1])")
                Output.out("query: \(policy.denyQuery)")
            }
            return ExitCode.success
        }
    }

    static func usage(_ message: String) -> Int32 {
        Output.err("agentspec generate-policy: \(message)\nUsage: \(synopsis)")
        return ExitCode.usage
    }
}
