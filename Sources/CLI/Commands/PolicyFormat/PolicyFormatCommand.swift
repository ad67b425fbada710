// `agentspec policy fmt`: formats Rego as `opa fmt` does (PolicyVM's RegoFormatter).
// Paths are files or folders (every `.rego` below, hidden ones skipped); none means
// stdin to stdout. Exit 0 done, 1 with --fail when a file would change, 2 when a file
// does not parse (its `file:line:col` error on stderr, and nothing written at all), 64
// usage. Invariant: -w writes only files that change, and only when every file parsed.
import Foundation
import PolicyVM

enum PolicyFormatCommand {
    static let options = OptionTable(
        flags: ["-w": "write", "--write": "write", "-d": "diff", "--diff": "diff", "-l": "list", "--list": "list",
                "--fail": "fail", "--json": "json"])

    static let command = Command(
        path: ["policy", "fmt"],
        summary: "Format Rego policies as opa fmt does (-w, --diff, --list, --fail)",
        help: """
        Usage: agentspec policy fmt [PATH...] [-w] [-d] [-l] [--fail] [--json]

        Formats Rego v1 modules the way `opa fmt` does: tabs, `if` and `contains`, `:=` in
        rule heads, one space around operators, imports sorted within their groups, a
        blank line between rules (adjacent one-line rules stay together), collections kept
        on one line or one element group per line as written, every comment kept. A
        formatted file formats to itself, and formatting never changes what a policy means.

        PATH is a .rego file or a folder (every .rego file below it; hidden ones skipped).
        Without PATH the module is read from stdin and written to stdout.

        Options:
          -w, --write   rewrite the files that change (nothing is written if any file
                        does not parse)
          -d, --diff    print a unified diff of each file that would change
          -l, --list    print the name of each file that would change
          --fail        exit 1 when a file would change (for CI)
          --json        print {"files": [{"file","changed"}], "changed", "errors"} instead
                        (docs/json-output.md)

        Without -w, -d, -l or --json the formatted text of every file is printed.
        Exit 0 done, 1 with --fail when a file would change, 2 when a file does not
        parse (file:line:col on stderr), 64 usage error.
        """,
        options: options, operands: .files, run: run)

    static let parseFailure: Int32 = 2

    /// One input: its name and text, and the formatted text or the parse error.
    struct Outcome {
        let name: String
        let original: String
        let result: Result<String, PolicyErrors>
        var isChanged: Bool { (try? result.get()).map { $0 != original } ?? false }
    }

    static func run(_ args: [String]) -> Int32 {
        let parsed: ArgumentList
        do { parsed = try ArgumentList(args, options) } catch { return usage(error.message) }
        let write = parsed.has("write"), asJSON = parsed.has("json")
        let fromStdin = parsed.positionals.isEmpty || parsed.positionals == ["-"]
        if fromStdin && write { return usage("-w needs a file (stdin has nowhere to be written back)") }
        var inputs: [(name: String, text: String)] = []
        if fromStdin {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            guard let text = String(data: data, encoding: .utf8) else {
                Output.err("error: stdin: not UTF-8 text")
                return ExitCode.failure
            }
            inputs.append(("stdin", text))
        } else {
            do { inputs = try RegoFileList.read(parsed.positionals) } catch {
                Output.err("error: \(error.message)")
                if asJSON { JSONDocument.print(JSONDocument.failure(code: "read-failed", message: error.message), pretty: false) }
                return ExitCode.failure
            }
        }
        let outcomes = inputs.map { input in
            Outcome(name: input.name, original: input.text,
                    result: Result { () throws(PolicyErrors) -> String in try RegoFormatter.format(input.text, file: input.name) })
        }
        let failures = outcomes.flatMap { o -> [PolicyError] in if case .failure(let e) = o.result { return e.errors }; return [] }
        PolicyLoading.report(failures, sources: inputs, query: "")
        let changed = outcomes.filter(\.isChanged)
        if asJSON {
            printJSON(outcomes, failures)
        } else if failures.isEmpty {
            printText(outcomes, parsed)
        }
        if !failures.isEmpty { return parseFailure }
        if write {
            for o in changed {
                guard case .success(let text) = o.result else { continue }
                do { try Data(text.utf8).write(to: URL(fileURLWithPath: o.name)) } catch {
                    Output.err("error: \(o.name): \(error.localizedDescription)")
                    return ExitCode.failure
                }
            }
        }
        return parsed.has("fail") && !changed.isEmpty ? ExitCode.failure : ExitCode.success
    }

    private static func printText(_ outcomes: [Outcome], _ parsed: ArgumentList) {
        let list = parsed.has("list"), diff = parsed.has("diff"), write = parsed.has("write")
        for o in outcomes {
            guard case .success(let text) = o.result else { continue }
            if list && o.isChanged { Output.out(o.name) }
            if diff && o.isChanged {
                Output.write(UnifiedDiff.diff(o.original, text, oldName: o.name, newName: o.name + " (formatted)"), fd: 1)
            }
            if !list && !diff && !write {
                Output.write(text, fd: 1)
            }
        }
    }

    private static func printJSON(_ outcomes: [Outcome], _ failures: [PolicyError]) {
        var doc: RegoObject = [
            "files": .array(outcomes.map { .object(["file": .string($0.name), "changed": .bool($0.isChanged)]) }),
            "changed": .int(outcomes.filter(\.isChanged).count),
            "errors": .array(failures.map(JSONDocument.regoError)),
        ]
        if let first = failures.first {
            doc["error"] = .object(["code": "parse-failed", "message": .string(first.description)])
        }
        JSONDocument.print(.object(doc), pretty: false)
    }

    private static func usage(_ message: String) -> Int32 { Output.usageError("policy fmt", message) }
}
