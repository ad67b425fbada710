// `agentspec policy test`: the built binary over small policy folders written by each
// test — results, reasons, print output, filters, exit codes, data files, coverage in
// both formats — and the shipped library in policies/ with its coverage floor.
import Foundation
import Testing

@Suite struct PolicyTestCommandTests {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// A fresh folder holding `files` (relative path -> text).
    static func folder(_ files: [String: String]) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("policytest-\(UUID().uuidString)")
        for (name, text) in files {
            let url = dir.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return dir.path
    }

    static let mixed = """
    package demo

    import rego.v1

    limit := 3

    over(x) if x > limit

    test_passes if over(4)

    default test_false := false

    test_undefined if input.missing == 1

    clash := 1 if true

    clash := 2 if true

    test_errors if clash == 1

    test_with_input if {
    \tinput.user.role == "admin" with input.user.role as "admin"
    }

    test_with_data if {
    \tover(2) with data.demo.limit as 1
    }

    todo_test_later if false
    """

    @Test func reportsFailuresWithReasonsAndCounts() throws {
        let dir = try Self.folder(["demo.rego": Self.mixed])
        let r = try BinaryRunner.run(["policy", "test", dir])
        #expect(r.status == 1)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.last == "3 passed, 3 failed, 1 skipped")
        #expect(lines.contains("FAIL: data.demo.test_false (\(dir)/demo.rego:11)"))
        #expect(lines.contains("  false"))
        #expect(lines.contains("FAIL: data.demo.test_undefined (\(dir)/demo.rego:13)"))
        #expect(lines.contains("  \(dir)/demo.rego:13:19: undefined: test_undefined if input.missing == 1"))
        #expect(lines.contains { $0.hasPrefix("FAIL: data.demo.test_errors") })
        #expect(lines.contains { $0.hasPrefix("  error: ") && $0.contains("eval_conflict_error") })
        #expect(lines.contains("PASS: 3/7"))
        #expect(!lines.contains { $0.hasPrefix("PASS: data.demo.test_passes") })
    }

    @Test func verboseListsEveryTestWithDurationAndPrintOutput() throws {
        let dir = try Self.folder(["demo.rego": """
        package v
        import rego.v1
        test_a if { print("hello", 1); true }
        todo_test_b if false
        """])
        let r = try BinaryRunner.run(["policy", "test", "-v", dir])
        #expect(r.status == 0)
        #expect(r.stdout.contains("PASS: data.v.test_a (\(dir)/demo.rego:3) "))
        #expect(r.stdout.contains("  | hello 1\n"))
        #expect(r.stdout.contains("SKIP: data.v.todo_test_b (\(dir)/demo.rego:4)\n"))
        #expect(r.stdout.hasSuffix("1 passed, 0 failed, 1 skipped\n"))
    }

    @Test func printOutputIsShownForFailingTestsOnly() throws {
        let dir = try Self.folder(["p.rego": """
        package q
        import rego.v1
        test_fails if { print("why it failed"); false }
        test_passes if { print("quiet"); true }
        """])
        let r = try BinaryRunner.run(["policy", "test", dir])
        #expect(r.status == 1)
        #expect(r.stdout.contains("  | why it failed\n"))
        #expect(!r.stdout.contains("quiet"))
        #expect(r.stdout.hasSuffix("1 passed, 1 failed\n"))
    }

    @Test func runFiltersByFullName() throws {
        let dir = try Self.folder(["demo.rego": Self.mixed])
        let r = try BinaryRunner.run(["policy", "test", dir, "--run", "demo\\.test_(passes|with_)"])
        #expect(r.status == 0)
        #expect(r.stdout.hasSuffix("PASS: 3/3\n3 passed, 0 failed\n"))
    }

    @Test func compileErrorsExitTwoWithTheSourceLine() throws {
        let dir = try Self.folder(["bad.rego": "package bad\nimport rego.v1\ntest_x if { y == 1 }\n"])
        let r = try BinaryRunner.run(["policy", "test", dir])
        #expect(r.status == 2)
        #expect(r.stderr.contains("\(dir)/bad.rego:3:13: rego_unsafe_var_error"))
        #expect(r.stderr.contains("  test_x if { y == 1 }\n"))
        #expect(r.stderr.contains("^"))
    }

    @Test func missingPathExitsTwo() throws {
        let r = try BinaryRunner.run(["policy", "test", "/nonexistent/policies"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("/nonexistent/policies"))
    }

    @Test func usageErrorsExit64() throws {
        #expect(try BinaryRunner.run(["policy", "test", "--format", "xml"]).status == 64)
        #expect(try BinaryRunner.run(["policy", "test", "--timeout", "soon"]).status == 64)
        #expect(try BinaryRunner.run(["policy", "test", "--run", "("]).status == 64)
        #expect(try BinaryRunner.run(["policy", "test", "--frobnicate"]).status == 64)
    }

    @Test func dataFilesAreLoadedAtTheirFolderPath() throws {
        let dir = try Self.folder([
            "t.rego": "package t\nimport rego.v1\ntest_json if data.cfg.a == 1\ntest_yaml if data.more.b == [\"x\", 2]\n",
            "cfg/data.json": "{\"a\": 1}",
            "more/data.yaml": "b:\n  - x\n  - 2\n",
        ])
        let r = try BinaryRunner.run(["policy", "test", dir])
        #expect(r.stdout.hasSuffix("2 passed, 0 failed\n"))
        #expect(r.status == 0)
    }

    @Test func jsonFormatGivesOPAsResultShape() throws {
        let dir = try Self.folder(["demo.rego": Self.mixed])
        let r = try BinaryRunner.run(["policy", "test", dir, "--format", "json"])
        #expect(r.status == 1)
        let results = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        #expect(results.count == 7)
        let byName = Dictionary(uniqueKeysWithValues: results.map { ($0["name"] as? String ?? "", $0) })
        #expect(byName["test_passes"]?["fail"] == nil)
        #expect(byName["test_false"]?["fail"] as? Bool == true)
        #expect(byName["todo_test_later"]?["skip"] as? Bool == true)
        #expect(byName["test_passes"]?["package"] as? String == "data.demo")
        let location = try #require(byName["test_false"]?["location"] as? [String: Any])
        #expect(location["row"] as? Int == 11)
    }

    @Test func coverageListsCoveredAndUncoveredLines() throws {
        let dir = try Self.folder(["c.rego": """
        package c
        import rego.v1
        f(x) := "big" if x > 10
        unused(x) := x * 2
        test_big if f(11) == "big"
        """])
        let r = try BinaryRunner.run(["policy", "test", dir, "--coverage"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("\(dir)/c.rego: 66.67% of 3 lines covered\n  covered:     3, 5\n  not covered: 4\n"))
        #expect(r.stdout.hasSuffix("1 passed, 0 failed\n"))

        let j = try BinaryRunner.run(["policy", "test", dir, "--coverage", "--format", "json"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(j.stdout.utf8)) as? [String: Any])
        let files = try #require(report["files"] as? [String: Any])
        let file = try #require(files["\(dir)/c.rego"] as? [String: Any])
        let notCovered = try #require(file["not_covered"] as? [[String: [String: Int]]])
        #expect(notCovered.count == 1 && notCovered[0]["start"]?["row"] == 4 && notCovered[0]["end"]?["row"] == 4)
        #expect(report["coverage"] as? Double == 66.67)
    }

    @Test func shippedPoliciesPassWithCoverageAtLeast95Percent() throws {
        let r = try BinaryRunner.run(["policy", "test", "policies/", "--coverage", "--format", "json"], cwd: Self.repoRoot)
        #expect(r.status == 0)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let coverage = try #require(report["coverage"] as? Double)
        #expect(coverage >= 95)
        let pretty = try BinaryRunner.run(["policy", "test", "policies/"], cwd: Self.repoRoot)
        #expect(pretty.status == 0)
        #expect(pretty.stdout.hasSuffix(" passed, 0 failed\n"))
    }

    @Test func slowTestsFailAtTheTimeout() throws {
        let dir = try Self.folder(["slow.rego": """
        package slow
        import rego.v1
        test_slow if count([x | some x in numbers.range(1, 20000); x % 7 == 0]) > 0
        """])
        let r = try BinaryRunner.run(["policy", "test", dir, "--timeout", "1us"])
        #expect(r.status == 1)
        #expect(r.stdout.contains("  timed out after"))
        #expect(try BinaryRunner.run(["policy", "test", dir, "--timeout", "1m30s"]).status == 0)
    }
}
