// HealthCommand: `agentspec health FILE [--json] [--fail-on error|warning] [--timeout D]`
// — checks, before deploying, what the manifest needs at run time: environment
// variables, secrets, files, services (with a protocol hello for PostgreSQL and
// Redis), memory backends, MCP servers, subagents and the machine. Checks run
// concurrently, each within the timeout.
import AgentSpec
import Foundation
import PolicyVM

enum HealthCommand {
    static let synopsis = "agentspec health FILE [--json] [--fail-on error|warning] [--timeout D]"

    static let options = OptionTable(valued: ["--fail-on": "--fail-on", "--timeout": "--timeout"], flags: ["--json": "--json"],
                                     choices: ["--fail-on": ["error", "warning"]])

    static let command = Command(
        path: ["health"],
        summary: "Check that what the manifest needs at run time is there",
        help: """
        Usage: \(synopsis)

        Runs every check the manifest FILE implies, concurrently, and reports each with
        its id, category, status (pass, fail, warn, skip), severity, latency and, when
        it did not pass, a remediation:
          env:NAME        every $env: reference and spec.requires.envVars is set
          secret:NAME     every $secret: reference resolves (AGENTSPEC_SECRET_BACKEND)
          file:PATH       every $file: reference is readable
          service:KIND[i] spec.requires.services answer: TCP, plus PING for Redis and a
                          StartupMessage for PostgreSQL, the greeting for MySQL
          memory:*        the memory backends' connections, likewise
          mcp:NAME        stdio: the command is on PATH; sse/http: the URL answers
          subagent:NAME   local manifests exist and validate; A2A URLs answer
          system:*        minimumMemoryMB, nodeVersion, pythonVersion
        A check whose connection depends on an unset reference is skipped (the
        reference's own check fails).

        Options:
          --json               print the report as JSON with a schemaVersion, a document
                               on failure too (docs/json-output.md)
          --fail-on error      exit 1 when a check of severity error fails (default)
          --fail-on warning    exit 1 when any check fails or warns
          --timeout D          time budget per check: 5s (default), 500ms, 2m, or seconds
          --help               show this help

        Exit status: 0 healthy enough, 1 failed checks or invalid manifest, 64 usage error.
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
        var failOn = HealthReport.FailOn.error
        if let raw = list.value("--fail-on") {
            guard let v = HealthReport.FailOn(rawValue: raw) else { return usage("--fail-on takes error or warning, got '\(raw)'") }
            failOn = v
        }
        var timeout = Duration.seconds(5)
        if let raw = list.value("--timeout") {
            guard let d = Duration.parse(raw) else { return usage("--timeout takes a duration like 5s, 500ms or 2m (at most 1h), got '\(raw)'") }
            timeout = d
        }
        let loaded = ManifestLoader.load(path: file)
        guard loaded.isValid, let manifest = loaded.manifest, let root = loaded.root else {
            for d in loaded.diagnostics { Output.err(d.description) }
            let message = "\(file): not checked: the manifest is invalid (see 'agentspec validate')"
            Output.err(message)
            if list.has("--json") { JSONDocument.print(JSONDocument.invalidManifest(loaded, message)) }
            return ExitCode.failure
        }
        let directory = (file as NSString).deletingLastPathComponent
        let resolver = ReferenceResolver(manifestDirectory: directory.isEmpty ? "." : directory)
        let plan = HealthPlan(manifest: manifest, root: root, resolver: resolver, timeout: timeout)
        let report = HealthReport(agent: manifest.metadata.name, version: manifest.metadata.version, results: HealthRunner.run(plan.checks))
        if list.has("--json") {
            JSONDocument.print(report.json, adding: ["valid": .bool(true), "file": .string(file)])
        } else {
            Output.out(render(report))
        }
        return report.fails(on: failOn) ? ExitCode.failure : ExitCode.success
    }

    static func render(_ report: HealthReport) -> String {
        let counts = HealthStatus.allCases.map { "\(report.count($0)) \($0.rawValue)" }.joined(separator: ", ")
        var lines = ["\(report.agent) \(report.version): \(report.overall.rawValue.uppercased()) (\(report.results.count) checks: \(counts))"]
        let width = report.results.map(\.id.count).max() ?? 0
        for r in report.results {
            let latency = String(r.latencyMs) + "ms"
            let pad = String(repeating: " ", count: width - r.id.count)
            lines.append("  \(r.status.rawValue.uppercased().padding(toLength: 4, withPad: " ", startingAt: 0))  \(r.id)\(pad)  \(r.severity.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0))  \(latency.padding(toLength: 7, withPad: " ", startingAt: 0))  \(r.message)")
            if let remediation = r.remediation, r.status != .skip {
                lines.append("        " + String(repeating: " ", count: width) + "  fix: \(remediation)")
            }
        }
        return lines.joined(separator: "\n")
    }

    static func usage(_ message: String) -> Int32 {
        Output.err("agentspec health: \(message)\nUsage: \(synopsis)")
        return ExitCode.usage
    }
}
