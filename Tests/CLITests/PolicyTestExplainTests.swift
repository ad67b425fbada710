// `agentspec policy test`: what a failing test explains (--explain fails: the expression
// it stopped at with file:line:col and its variables' values, in both formats; notes:
// not), the coverage gate (--threshold) and --ignore.
import Foundation
import Testing

@Suite struct PolicyTestExplainTests {
    static let files = [
        "p.rego": "package p\n\nallow if {\n\tinput.user == \"admin\"\n\tcount(input.roles) > 1\n}\n\nunused(x) := x * 2\n",
        "p_test.rego": """
        package p

        test_allow if {
        \treq := {"user": "admin", "roles": ["a"]}
        \tallow with input as req
        }

        test_admin if allow with input as {"user": "admin", "roles": ["a", "b"]}
        """,
    ]

    @Test func anUndefinedTestShowsTheExpressionItStoppedAtAndItsVariables() throws {
        let dir = try PolicyTestCommandTests.folder(Self.files)
        let r = try BinaryRunner.run(["policy", "test", dir])
        #expect(r.status == 1)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        let at = try #require(lines.firstIndex(of: "FAIL: data.p.test_allow (\(dir)/p_test.rego:3)"))
        #expect(lines[at + 1] == "  \(dir)/p_test.rego:5:2: undefined: allow with input as req")
        #expect(lines[at + 2] == "    req = {\"roles\":[\"a\"],\"user\":\"admin\"}")
        #expect(lines.last == "1 passed, 1 failed")
    }

    @Test func jsonCarriesTheFailedExpression() throws {
        let dir = try PolicyTestCommandTests.folder(Self.files)
        let r = try BinaryRunner.run(["policy", "test", "--format", "json", dir])
        let results = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        let failed = try #require(results.first { $0["name"] as? String == "test_allow" })
        let expression = try #require(failed["failed_expression"] as? [String: Any])
        #expect(expression["text"] as? String == "allow with input as req")
        let location = try #require(expression["location"] as? [String: Any])
        #expect(location["row"] as? Int == 5 && location["col"] as? Int == 2)
        #expect((expression["vars"] as? [String: Any])?["req"] != nil)
        #expect(results.first { $0["name"] as? String == "test_admin" }?["failed_expression"] == nil)
    }

    @Test func explainNotesLeavesTheExpressionOut() throws {
        let dir = try PolicyTestCommandTests.folder(Self.files)
        let r = try BinaryRunner.run(["policy", "test", "--explain", "notes", dir])
        #expect(r.status == 1)
        #expect(r.stdout.contains("FAIL: data.p.test_allow"))
        #expect(r.stdout.contains("\n  undefined\n"))
        #expect(!r.stdout.contains("undefined: allow"))
    }

    @Test func coverageBelowTheThresholdExitsTwo() throws {
        // Only the passing test runs; `unused` is never called, so coverage is below 100%.
        let dir = try PolicyTestCommandTests.folder(Self.files)
        let below = try BinaryRunner.run(["policy", "test", "--run", "test_admin", "--threshold", "100", dir])
        #expect(below.status == 2)
        #expect(below.stderr.contains("Code coverage threshold not met: got "))
        #expect(below.stderr.contains(" instead of 100%"))
        let met = try BinaryRunner.run(["policy", "test", "--run", "test_admin", "--threshold", "10", dir])
        #expect(met.status == 0, "\(met.stderr)")
    }

    @Test func ignoredFilesAndFoldersAreNotLoaded() throws {
        var files = Self.files
        files["vendor/broken.rego"] = "package broken\nx :=\n"
        files["p_skip_test.rego"] = "package p\ntest_never if false\n"
        let dir = try PolicyTestCommandTests.folder(files)
        #expect(try BinaryRunner.run(["policy", "test", dir]).status == 2)
        let r = try BinaryRunner.run(["policy", "test", "--ignore", "vend*", "--ignore", "*_skip_test.rego", dir])
        #expect(r.status == 1)
        #expect(r.stdout.hasSuffix("1 passed, 1 failed\n"))
    }

    @Test func badFlagsAreUsageErrors() throws {
        #expect(try BinaryRunner.run(["policy", "test", "--threshold", "120", "."]).status == 64)
        #expect(try BinaryRunner.run(["policy", "test", "--explain", "full", "."]).status == 64)
        #expect(try BinaryRunner.run(["policy", "test", "--ignore", "[", "."]).status == 64)
    }
}
