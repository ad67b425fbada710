// AuditCommand: `agentspec audit FILE [--pack P]... [--json] [--fail-below N]` — scores
// a manifest against the compliance rule catalogue. Exit 0, or 1 when the manifest is
// invalid or the score is below --fail-below; 64 for usage errors (unknown pack too).
import AgentSpec
import Foundation
import PolicyVM

enum AuditCommand {
    static let options = OptionTable(valued: ["--pack": "--pack", "--fail-below": "--fail-below"], flags: ["--json": "--json"],
                                     choices: ["--pack": CompliancePack.allCases.map(\.rawValue)])

    static let command = Command(
        path: ["audit"],
        summary: "Score a manifest against the compliance rule packs",
        help: """
        Usage: agentspec audit FILE [--pack P]... [--json] [--fail-below N]

        Runs the compliance rules over the manifest FILE and prints the score (0-100),
        the grade (A >= 90, B >= 75, C >= 60, D >= 45, else F), a score per pack, each
        violation with its manifest path and line:col, and every suppression with its
        state. Packs: the --pack options if given, else spec.compliance.packs, else all.
        An active suppression removes its rule's weight from the score and counts as
        passed in its pack's score (as the old AgentSpec tool counted it).

        Packs: \(CompliancePack.allCases.map(\.rawValue).joined(separator: ", "))

        Options:
          --pack P         audit this pack (repeatable)
          --json           print the report as JSON: the old tool's fields (overallScore,
                           categoryScores, passedRules, totalRules, …) and ours, with a
                           schemaVersion; a document on failure too (docs/json-output.md)
          --fail-below N   exit 1 when the score is below N (0-100)
          --help           show this help

        Colour is used only on a terminal and never when NO_COLOR is set.
        Exit status: 0 audited, 1 invalid manifest or score below N, 64 usage error.
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
        var packs: [CompliancePack] = []
        for name in list.values("--pack") {
            guard let pack = CompliancePack(rawValue: name) else {
                return usage("unknown pack '\(name)'; expected one of \(CompliancePack.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            packs.append(pack)
        }
        var failBelow: Int?
        if let raw = list.value("--fail-below") {
            guard let n = Int(raw), (0...100).contains(n) else { return usage("--fail-below needs an integer 0-100, got '\(raw)'") }
            failBelow = n
        }
        let loaded = ManifestLoader.load(path: file)
        guard loaded.isAuditable, let manifest = loaded.manifest else {
            for d in loaded.diagnostics { Output.err(d.description) }
            let message = "\(file): not audited: the manifest is invalid (see 'agentspec validate')"
            Output.err(message)
            if list.has("--json") { JSONDocument.print(JSONDocument.invalidManifest(loaded, message)) }
            return ExitCode.failure
        }
        let now = Int64(Date().timeIntervalSince1970)
        let report = Auditor.audit(manifest, packs: packs, now: now, positions: loaded.root.map(PositionIndex.init))
        if list.has("--json") {
            JSONDocument.print(report.json, adding: ["valid": .bool(loaded.isValid), "file": .string(file)])
        } else {
            Output.out(AuditReportText.render(report, manifest: manifest, file: file, colour: Terminal.wantsColour(fd: 1)))
        }
        if let failBelow, report.score < failBelow {
            Output.err("audit: score \(report.score) is below \(failBelow)")
            return ExitCode.failure
        }
        return ExitCode.success
    }

    static func usage(_ message: String) -> Int32 {
        Output.err("agentspec audit: \(message)\nUsage: agentspec audit FILE [--pack P]... [--json] [--fail-below N]")
        return ExitCode.usage
    }
}
