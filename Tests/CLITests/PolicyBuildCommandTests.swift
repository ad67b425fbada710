// `agentspec policy build`: the built binary writes a bundle that `policy eval -b` reads
// back, prints its `--json` document (docs/json-output.md) on success and on every
// failure, names the file and `line:col` of bad data, and refuses a bundle input whose
// member climbs out of it. Exit codes: 0 written, 1 not written, 64 usage.
import Foundation
import Testing

@Suite struct PolicyBuildCommandTests {
    static func build(_ args: [String], in dir: String) throws -> BinaryResult {
        try BinaryRunner.run(["policy", "build"] + args, cwd: dir)
    }

    /// The one-line `--json` document on stdout, parsed.
    static func document(_ r: BinaryResult) throws -> [String: Any] {
        #expect(r.stdout.split(separator: "\n").count == 1)
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        return try #require(object)
    }

    /// A build with --json that must fail with `code` and write no bundle: its output and
    /// document, for the checks particular to the failure.
    static func failedBuild(_ args: [String], in dir: String, code: String, writes output: String = "b.tar.gz") throws
        -> (result: BinaryResult, document: [String: Any], message: String?) {
        let existed = FileManager.default.fileExists(atPath: dir + "/" + output)
        let r = try build(args + ["-o", output, "--json"], in: dir)
        #expect(r.status == 1)
        let doc = try document(r)
        let error = doc["error"] as? [String: Any]
        #expect(error?["code"] as? String == code)
        #expect(FileManager.default.fileExists(atPath: dir + "/" + output) == existed)
        return (r, doc, error?["message"] as? String)
    }

    @Test func jsonDocumentDescribesTheBundleWritten() throws {
        let dir = try PolicyEvalCommandTests.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try Self.build(["-d", "p", "--revision", "r9", "-o", "b.tar.gz", "--json"], in: dir)
        #expect(r.status == 0)
        let doc = try Self.document(r)
        #expect(doc["schemaVersion"] as? String == "1.0")
        #expect(doc["file"] as? String == "b.tar.gz")
        #expect(doc["revision"] as? String == "r9")
        #expect(doc["roots"] as? [String] == ["authz", "users"])
        #expect(doc["modules"] as? Int == 1 && doc["dataFiles"] as? Int == 1)
        let size = try FileManager.default.attributesOfItem(atPath: dir + "/b.tar.gz")[.size] as? Int
        #expect(doc["bytes"] as? Int == size)
        let read = try BinaryRunner.run(["policy", "eval", "-b", "b.tar.gz", "-f", "raw", "data.users.admins[0]"], cwd: dir)
        #expect(read.stdout == "alice\n")
    }

    @Test func anExistingFileIsKeptWithoutForce() throws {
        let dir = try PolicyEvalCommandTests.folder(["b.tar.gz": "keep me"])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try Self.failedBuild(["-d", "p"], in: dir, code: "file-exists")
        #expect(try String(contentsOfFile: dir + "/b.tar.gz", encoding: .utf8) == "keep me")
        #expect(try Self.build(["-d", "p", "-o", "b.tar.gz", "--force"], in: dir).status == 0)
    }

    @Test func badDataIsNamedWithLineAndColumn() throws {
        let dir = try PolicyEvalCommandTests.folder(["p/bad/data.json": "{\n  \"a\": 1,\n  \"b\": tru\n}\n"])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let failed = try Self.failedBuild(["-d", "p"], in: dir, code: "load-failed")
        #expect(failed.message == "p/bad/data.json:3:8: invalid literal")
        #expect(failed.result.stderr == "error: p/bad/data.json:3:8: invalid literal\n")
        // The same file, for policy eval: OPA's error document with the same message.
        let eval = try PolicyEvalCommandTests.eval(["data"], in: dir)
        #expect(eval.status == 2)
        #expect(eval.stdout.contains(#""message": "p/bad/data.json:3:8: invalid literal""#))
    }

    @Test func aPolicyThatDoesNotCompileIsNotBuilt() throws {
        let dir = try PolicyEvalCommandTests.folder(["p/broken.rego": "package broken\n\nallow if {\n  input.a ==\n}\n"])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let failed = try Self.failedBuild(["-d", "p"], in: dir, code: "compile-failed")
        let first = try #require((failed.document["errors"] as? [[String: Any]])?.first)
        #expect(first["code"] as? String == "rego_parse_error")
        #expect(first["file"] as? String == "p/broken.rego" && first["line"] as? Int == 5 && first["column"] as? Int == 1)
        #expect(failed.result.stderr.hasPrefix("p/broken.rego:5:1: rego_parse_error:"))
    }

    @Test func aBundleMemberOutsideTheBundleIsRefused() throws {
        let dir = try PolicyEvalCommandTests.folder(["evil.rego": "package evil\n\nx := 1\n", "sub/.keep": ""])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // GNU tar keeps `../evil.rego` as the member's name with -P.
        let tar = Process()
        tar.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        tar.arguments = ["tar", "-czPf", "../evil.tar.gz", "../evil.rego"]
        tar.currentDirectoryURL = URL(fileURLWithPath: dir + "/sub")
        try tar.run()
        tar.waitUntilExit()
        try #require(tar.terminationStatus == 0)
        let failed = try Self.failedBuild(["-b", "evil.tar.gz"], in: dir, code: "load-failed")
        #expect(failed.message == #"evil.tar.gz#../evil.rego: path climbs out of the bundle (".."): refused"#)
        let eval = try BinaryRunner.run(["policy", "eval", "-b", "evil.tar.gz", "-f", "raw", "data"], cwd: dir)
        #expect(eval.status == 2 && eval.stdout.isEmpty)
        #expect(eval.stderr.contains("evil.tar.gz#../evil.rego: path climbs out of the bundle"))
    }

    @Test func usageErrorsPrintNoDocument() throws {
        let dir = try PolicyEvalCommandTests.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for args in [["-d", "p", "--json"], ["-o", "b.tar.gz", "--json"], ["-d", "p", "-o", "b.tar.gz", "extra", "--json"]] {
            let r = try Self.build(args, in: dir)
            #expect(r.status == 64 && r.stdout.isEmpty, "\(args)")
        }
    }
}
