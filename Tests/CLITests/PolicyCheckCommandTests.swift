// `agentspec policy check`: the built binary over small folders — clean policies, several
// parse errors per file in OPA's JSON shape, type errors, strict mode's unused imports,
// files that do not load (a document still), the caret under tab-indented lines.
import Foundation
import Testing

@Suite struct PolicyCheckCommandTests {
    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    static func errors(_ text: String) throws -> [[String: Any]] {
        try #require(try json(text)["errors"] as? [[String: Any]])
    }

    @Test func cleanPoliciesPassSilentlyOrWithAnEmptyErrorList() throws {
        let dir = try PolicyTestCommandTests.folder(["ok.rego": "package ok\nx := 1\n", "data.json": "{\"a\": 1}"])
        let pretty = try BinaryRunner.run(["policy", "check", dir])
        #expect(pretty.status == 0 && pretty.stdout.isEmpty && pretty.stderr.isEmpty)
        let json = try BinaryRunner.run(["policy", "check", "--format", "json", dir])
        #expect(json.status == 0)
        #expect(try Self.errors(json.stdout).isEmpty)
    }

    @Test func everyParseErrorOfEveryFileInOPAsShape() throws {
        let dir = try PolicyTestCommandTests.folder([
            "a.rego": "package a\n\np { true }\n\nx\n",
            "b.rego": "package b\nx if {\n\ty := 1 ) 2\n}\n",
        ])
        let r = try BinaryRunner.run(["policy", "check", "-f", "json", dir])
        #expect(r.status == 1)
        let errors = try Self.errors(r.stdout)
        let summary = errors.map { e -> String in
            let l = e["location"] as? [String: Any]
            return "\((l?["file"] as? String).map { URL(fileURLWithPath: $0).lastPathComponent } ?? ""):\(l?["row"] ?? 0):\(l?["col"] ?? 0) \(e["code"] ?? "") \(e["message"] ?? "")"
        }
        #expect(summary == [
            "a.rego:5:1 rego_parse_error var cannot be used for rule name",
            "a.rego:3:3 rego_parse_error `if` keyword is required before rule body",
            "b.rego:3:9 rego_parse_error unexpected ) token: expected newline, ; or }",
        ])
    }

    @Test func typeErrorsAreFoundWithoutEvaluating() throws {
        let dir = try PolicyTestCommandTests.folder(["t.rego": "package t\nx := 1 + \"a\"\n"])
        let r = try BinaryRunner.run(["policy", "check", dir])
        #expect(r.status == 1)
        #expect(r.stderr.contains("\(dir)/t.rego:2:6: rego_type_error:"))
    }

    @Test func strictModeRefusesUnusedImports() throws {
        let dir = try PolicyTestCommandTests.folder(["s.rego": "package s\nimport data.used\nimport data.lib.unused\nx := used.y\n"])
        #expect(try BinaryRunner.run(["policy", "check", dir]).status == 0)
        let r = try BinaryRunner.run(["policy", "check", "--strict", "--format", "json", dir])
        #expect(r.status == 1)
        let errors = try Self.errors(r.stdout)
        #expect(errors.count == 1)
        #expect(errors.first?["message"] as? String == "import data.lib.unused unused")
        #expect(errors.first?["code"] as? String == "rego_compile_error")
    }

    @Test func aFileThatDoesNotLoadIsStillADocument() throws {
        let dir = try PolicyTestCommandTests.folder(["d/data.json": "{\"a\": 1,\n  oops}"])
        let r = try BinaryRunner.run(["policy", "check", "--format", "json", dir])
        #expect(r.status == 1)
        let error = try #require(try Self.errors(r.stdout).first)
        let location = try #require(error["location"] as? [String: Any])
        #expect((location["file"] as? String)?.hasSuffix("d/data.json") == true)
        #expect(location["row"] as? Int == 2)
    }

    @Test func theCaretUnderATabIndentedLineKeepsItsTabs() throws {
        let dir = try PolicyTestCommandTests.folder(["b.rego": "package b\nx if {\n\t\ty := 1\t) 2\n}\n"])
        let r = try BinaryRunner.run(["policy", "check", dir])
        #expect(r.status == 1)
        // The line without its indenting tabs (as OPA prints it); the caret's lead keeps
        // the tab inside the line, so it sits under `)` at any tab width.
        #expect(r.stderr.contains("b.rego:3:10: rego_parse_error"))
        #expect(r.stderr.contains("\n  y := 1\t) 2\n  \(String(repeating: " ", count: 6))\t^\n"))
    }

    @Test func usageErrorsExit64() throws {
        #expect(try BinaryRunner.run(["policy", "check", "--format", "yaml", "."]).status == 64)
        #expect(try BinaryRunner.run(["policy", "check", "--nope"]).status == 64)
    }
}
