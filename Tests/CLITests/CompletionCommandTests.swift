// CompletionCommandTests: `agentspec completion bash|zsh|fish` — each script is valid for
// its shell and completes commands, group members, options and option values from the
// command table. bash is driven through its completion function; zsh and fish run when
// installed (they are in CI's image only if installed there).
import Foundation
import Testing

@Suite struct CompletionCommandTests {
    static func script(_ shell: String) throws -> String {
        let r = try BinaryRunner.run(["completion", shell])
        #expect(r.status == 0 && r.stderr.isEmpty, "\(r.stderr)")
        return r.stdout
    }

    static func shell(_ name: String) -> String? {
        ["/usr/bin/\(name)", "/bin/\(name)", "/usr/local/bin/\(name)"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func saved(_ text: String, _ name: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("completion-\(UUID().uuidString)-\(name)").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// What bash's completion function offers for `words` (the last one being completed).
    static func bashCompletions(_ scriptPath: String, _ words: [String]) throws -> [String] {
        let quoted = words.map { "'\($0)'" }.joined(separator: " ")
        let program = "source \(scriptPath); COMP_WORDS=(\(quoted)); COMP_CWORD=\(words.count - 1); _agentspec; printf '%s\\n' \"${COMPREPLY[@]}\""
        let (status, out, err) = try runCapturing("/bin/bash", ["--norc", "-c", program])
        #expect(status == 0, "\(String(decoding: err, as: UTF8.self))")
        return String(decoding: out, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    @Test func bashCompletesCommandsOptionsAndValues() throws {
        let path = try Self.saved(try Self.script("bash"), "agentspec.bash")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try Self.bashCompletions(path, ["agentspec", "gen"]) == ["generate", "generate-policy"])
        #expect(try Self.bashCompletions(path, ["agentspec", "policy", "t"]) == ["test"])
        #expect(try Self.bashCompletions(path, ["agentspec", "audit", "a.yaml", "--p"]) == ["--pack"])
        #expect(try Self.bashCompletions(path, ["agentspec", "audit", "a.yaml", "--pack", "mem"]) == ["memory-hygiene"])
        #expect(try Self.bashCompletions(path, ["agentspec", "sidecar", "--mode", ""]) == ["enforce", "track", "off"])
        #expect(try Self.bashCompletions(path, ["agentspec", "generate-policy", "a.yaml", "--f"]) == ["--force"])
        #expect(try Self.bashCompletions(path, ["agentspec", "policy", "test", "--format", "j"]) == ["json"])
        #expect(try Self.bashCompletions(path, ["agentspec", "completion", ""]) == ["bash", "zsh", "fish"])
        // A free value (a path) is left to readline's file completion.
        #expect(try Self.bashCompletions(path, ["agentspec", "generate-policy", "a.yaml", "--out", ""]) == [])
    }

    @Test(.enabled(if: shell("zsh") != nil, "zsh is not installed"))
    func zshScriptParsesAndCompletes() throws {
        let path = try Self.saved(try Self.script("zsh"), "_agentspec")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let zsh = try #require(Self.shell("zsh"))
        let (syntax, _, syntaxErr) = try runCapturing(zsh, ["-n", path])
        #expect(syntax == 0, "\(String(decoding: syntaxErr, as: UTF8.self))")
        // The completion builtins stubbed to print what they are offered.
        let program = """
        compdef() { :; }; compadd() { [[ $1 == -- ]] && shift; print -r -- "$*"; }
        _describe() { local -a items=("${(@P)${@[-1]}}"); print -r -- "${items[@]%%:*}"; }; _files() { print FILES; }
        source \(path)
        words=(agentspec ''); CURRENT=2; _agentspec
        words=(agentspec audit a.yaml --pack ''); CURRENT=5; _agentspec
        words=(agentspec validate ''); CURRENT=3; _agentspec
        """
        let (status, out, err) = try runCapturing(zsh, ["-f", "-c", program])
        #expect(status == 0, "\(String(decoding: err, as: UTF8.self))")
        let lines = String(decoding: out, as: UTF8.self).split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines.first?.split(separator: " ").contains("generate-policy") == true)
        #expect(lines.dropFirst().first == "owasp-llm-top10 memory-hygiene model-resilience evaluation-coverage observability metadata-quality")
        #expect(lines.last == "FILES")
    }

    @Test(.enabled(if: shell("fish") != nil, "fish is not installed"))
    func fishScriptCompletes() throws {
        let path = try Self.saved(try Self.script("fish"), "agentspec.fish")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let fish = try #require(Self.shell("fish"))
        func complete(_ line: String) throws -> [String] {
            let (status, out, err) = try runCapturing(fish, ["--no-config", "-c", "source \(path); complete -C '\(line)'"])
            #expect(status == 0, "\(String(decoding: err, as: UTF8.self))")
            return String(decoding: out, as: UTF8.self).split(separator: "\n").map { String($0.split(separator: "\t")[0]) }
        }
        #expect(try complete("agentspec policy ").sorted() == ["bench", "build", "capabilities", "check", "conformance", "dump", "eval", "fmt", "test"])
        #expect(try complete("agentspec health a.yaml --fail-on ").sorted() == ["error", "warning"])
        #expect(try complete("agentspec generate-policy a.yaml --").contains("--force"))
    }

    @Test(arguments: [[], ["tcsh"], ["bash", "zsh"]])
    func anUnknownShellIsAUsageError(_ args: [String]) throws {
        let r = try BinaryRunner.run(["completion"] + args)
        #expect(r.status == 64)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains("Usage: agentspec completion bash|zsh|fish"))
    }
}
