// `agentspec policy fmt`: the built binary formats files and stdin, rewrites with -w,
// lists with -l, prints a unified diff with --diff, fails CI with --fail, prints its
// --json document, and refuses a module that does not parse with `file:line:col`, exit
// 2 and nothing written (not even the files that did parse).
import Foundation
import Testing

@Suite struct PolicyFormatCommandTests {
    static let messy = "package p\nallow if {\n    input.x == 1\n}\n"
    static let tidy = "package p\n\nallow if {\n\tinput.x == 1\n}\n"

    /// A fresh folder with `messy.rego`, `tidy.rego` and a hidden `.skip.rego`.
    static func folder() throws -> String {
        let dir = NSTemporaryDirectory() + "fmt-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir + "/sub", withIntermediateDirectories: true)
        try messy.write(toFile: dir + "/sub/messy.rego", atomically: true, encoding: .utf8)
        try tidy.write(toFile: dir + "/tidy.rego", atomically: true, encoding: .utf8)
        try messy.write(toFile: dir + "/.skip.rego", atomically: true, encoding: .utf8)
        return dir
    }

    static func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    @Test func stdinToStdout() throws {
        let r = try BinaryRunner.run(["policy", "fmt"], stdin: Self.messy)
        #expect(r.status == 0)
        #expect(r.stdout == Self.tidy)
    }

    @Test func listAndFailForCI() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try BinaryRunner.run(["policy", "fmt", "-l", "--fail", "."], cwd: dir)
        #expect(r.status == 1)
        #expect(r.stdout == "./sub/messy.rego\n")
        let clean = try BinaryRunner.run(["policy", "fmt", "--list", "--fail", "tidy.rego"], cwd: dir)
        #expect(clean.status == 0)
        #expect(clean.stdout.isEmpty)
        #expect(try Self.read(dir + "/sub/messy.rego") == Self.messy)
    }

    @Test func writeRewritesOnlyWhatChanges() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try BinaryRunner.run(["policy", "fmt", "-w", "."], cwd: dir)
        #expect(r.status == 0)
        #expect(try Self.read(dir + "/sub/messy.rego") == Self.tidy)
        #expect(try Self.read(dir + "/.skip.rego") == Self.messy)
        let again = try BinaryRunner.run(["policy", "fmt", "-l", "--fail", "."], cwd: dir)
        #expect(again.status == 0)
    }

    @Test func diffIsUnified() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try BinaryRunner.run(["policy", "fmt", "--diff", "sub/messy.rego"], cwd: dir)
        #expect(r.status == 0)
        #expect(r.stdout == """
            --- sub/messy.rego
            +++ sub/messy.rego (formatted)
            @@ -1,4 +1,5 @@
             package p
            +
             allow if {
            -    input.x == 1
            +\tinput.x == 1
             }

            """)
    }

    @Test func parseErrorWritesNothingAndExits2() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "package p\n\nr if {\n\tx := \"open\n}\n".write(toFile: dir + "/bad.rego", atomically: true, encoding: .utf8)
        let r = try BinaryRunner.run(["policy", "fmt", "-w", "."], cwd: dir)
        #expect(r.status == 2)
        #expect(r.stderr.contains("./bad.rego:4:7: rego_parse_error: non-terminated string"))
        #expect(try Self.read(dir + "/sub/messy.rego") == Self.messy)
    }

    @Test func jsonDocument() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try BinaryRunner.run(["policy", "fmt", "--json", "."], cwd: dir)
        #expect(r.status == 0)
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(doc["schemaVersion"] as? String == "1.0")
        #expect(doc["changed"] as? Int == 1)
        let files = try #require(doc["files"] as? [[String: Any]])
        #expect(files.map { $0["file"] as? String } == ["./sub/messy.rego", "./tidy.rego"])
        #expect(files.map { $0["changed"] as? Bool } == [true, false])
        try "package p\nr if {".write(toFile: dir + "/bad.rego", atomically: true, encoding: .utf8)
        let bad = try BinaryRunner.run(["policy", "fmt", "--json", "."], cwd: dir)
        #expect(bad.status == 2)
        let failed = try #require(try JSONSerialization.jsonObject(with: Data(bad.stdout.utf8)) as? [String: Any])
        #expect((failed["error"] as? [String: Any])?["code"] as? String == "parse-failed")
        #expect((failed["errors"] as? [[String: Any]])?.first?["line"] as? Int == 2)
    }

    @Test func usageErrors() throws {
        let r = try BinaryRunner.run(["policy", "fmt", "-w"], stdin: Self.messy)
        #expect(r.status == 64)
        let missing = try BinaryRunner.run(["policy", "fmt", "/nonexistent/x.rego"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("/nonexistent/x.rego: no such file or directory"))
    }
}
