// The manifest commands through the built binary: validate, audit, generate-policy —
// stdout, stderr and exit codes (0 ok, 1 failure, 64 usage).
import Foundation
import Testing

@Suite struct ManifestCommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let gymcoach = root.appendingPathComponent("examples/gymcoach/agent.yaml").path
    static let invalidDir = root.appendingPathComponent("Tests/AgentSpecTests/Fixtures/invalid").path
    static let references = root.appendingPathComponent("Tests/AgentSpecTests/Fixtures/reference-manifests").path

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func overviewListsTheManifestCommands() throws {
        let r = try BinaryRunner.run(["--help"])
        for name in ["validate", "audit", "generate-policy"] { #expect(r.stdout.contains("  \(name) ")) }
    }

    @Test func validateAcceptsTheGymcoachExample() throws {
        let r = try BinaryRunner.run(["validate", Self.gymcoach])
        #expect(r.status == 0)
        #expect(r.stdout == "\(Self.gymcoach): valid (agent gymcoach 1.0.0)\n")
        #expect(r.stderr.isEmpty)
    }

    @Test func validateListsEveryProblemWithItsPosition() throws {
        let r = try BinaryRunner.run(["validate", "patterns.yaml"], cwd: Self.invalidDir)
        #expect(r.status == 1)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr == """
        patterns.yaml:4:9: metadata.name: must match ^[a-z0-9-]+$, got "Gym_Coach"
        patterns.yaml:5:12: metadata.version: must match ^\\d+\\.\\d+\\.\\d+$, got "1.0"
        patterns.yaml:6:16: metadata.description: must not be empty
        patterns.yaml:15:13: spec.tools[0].name: must match ^[a-z0-9-]+$, got "Delete_Workout"
        patterns.yaml: 4 problems

        """)
    }

    @Test func validateJSON() throws {
        let r = try BinaryRunner.run(["validate", "--json", "yaml-duplicate-key.yaml"], cwd: Self.invalidDir)
        #expect(r.status == 1)
        #expect(r.stdout == #"{"errors":[{"code":"yaml","column":3,"line":5,"message":"duplicate key \"name\"","path":""}],"file":"yaml-duplicate-key.yaml","schemaVersion":"1.0","valid":false}"# + "\n")
        let ok = try BinaryRunner.run(["validate", Self.gymcoach, "--json"])
        #expect(ok.status == 0)
        #expect(ok.stdout == #"{"errors":[],"file":""# + Self.gymcoach + #"","schemaVersion":"1.0","valid":true}"# + "\n")
    }

    @Test(arguments: [["validate"], ["validate", "a.yaml", "b.yaml"], ["validate", "--frobnicate", "a.yaml"],
                      ["audit", "x.yaml", "--pack", "nope"], ["audit", "x.yaml", "--fail-below", "abc"],
                      ["generate-policy"], ["generate-policy", "x.yaml", "--out"]])
    func usageErrorsExit64(_ args: [String]) throws {
        let r = try BinaryRunner.run(args)
        #expect(r.status == 64)
        #expect(r.stderr.contains("Usage: agentspec \(args[0])"))
    }

    @Test(arguments: ["validate", "audit", "generate-policy"]) func helpAnswers(_ command: String) throws {
        let r = try BinaryRunner.run([command, "--help"])
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("Usage: agentspec \(command) FILE"))
    }

    @Test func missingFileIsAFailureNotAUsageError() throws {
        let r = try BinaryRunner.run(["validate", "/nonexistent/agent.yaml"])
        #expect(r.status == 1)
        #expect(r.stderr == "/nonexistent/agent.yaml: cannot open the file: No such file or directory\n/nonexistent/agent.yaml: 1 problem\n")
    }

    /// A missing file, a folder and an empty file each say why they cannot be read.
    @Test func unreadableFilesSayWhy() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("unreadable-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir + "/folder.yaml", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data().write(to: URL(fileURLWithPath: dir + "/empty.yaml"))
        let expected = [
            "missing.yaml": "missing.yaml: cannot open the file: No such file or directory",
            "folder.yaml": "folder.yaml: cannot read the file: Is a directory (name the agent.yaml inside it)",
            "empty.yaml": "empty.yaml: the file is empty (a manifest needs apiVersion, kind, metadata and spec)",
        ]
        for (file, line) in expected {
            let r = try BinaryRunner.run(["validate", file], cwd: dir)
            #expect(r.status == 1)
            #expect(r.stderr == line + "\n\(file): 1 problem\n")
            let doc = try BinaryRunner.run(["validate", file, "--json"], cwd: dir)
            let errors = try #require(try json(doc.stdout)["errors"] as? [[String: Any]])
            #expect(errors.first?["message"] as? String == String(line.dropFirst(file.count + 2)))
            #expect(errors.first?["code"] as? String == "file")
        }
    }

    @Test func auditJSONReportsScoreViolationsAndSuppressions() throws {
        let r = try BinaryRunner.run(["audit", "suppressions.yaml", "--json"], cwd: Self.references)
        #expect(r.status == 0)
        let report = try json(r.stdout)
        #expect(report["schemaVersion"] as? String == "1.0")
        #expect(report["score"] as? Int == 57)
        #expect(report["grade"] as? String == "D")
        #expect(report["packs"] as? [String] == ["owasp-llm-top10"])
        let suppressions = try #require(report["suppressions"] as? [[String: Any]])
        #expect(suppressions.map { $0["active"] as? Bool } == [true, false, false])
        let violations = try #require(report["violations"] as? [[String: Any]])
        #expect(violations.compactMap { $0["ruleId"] as? String } == ["SEC-LLM-01", "SEC-LLM-02", "SEC-LLM-04", "SEC-LLM-09"])
    }

    /// The old tool's names beside ours. owasp-llm-top10 here: 10 rules, 5 passed, SEC-LLM-10
    /// suppressed, 4 failed. The suppressed rule counts as passed in the pack's score (6/10 ->
    /// 60, the old tool's number) and its weight leaves the overall score (13/23 -> 57).
    @Test func auditJSONKeepsTheOldToolsNames() throws {
        let r = try BinaryRunner.run(["audit", "suppressions.yaml", "--json"], cwd: Self.references)
        let report = try json(r.stdout)
        #expect(report["overallScore"] as? Int == 57)
        #expect(report["agentName"] as? String == "supp-agent")
        #expect(report["categoryScores"] as? [String: Int] == ["owasp-llm-top10": 60])
        #expect(report["passedRules"] as? Int == 6)
        #expect(report["totalRules"] as? Int == 10)
        #expect(report["packBreakdown"] as? [String: [String: Int]] == ["owasp-llm-top10": ["passed": 6, "total": 10]])
        let packScores = try #require(report["packScores"] as? [[String: Any]])
        #expect(packScores.first?["passed"] as? Int == 5 && packScores.first?["suppressed"] as? Int == 1 && packScores.first?["failed"] as? Int == 4)
        let evidence = try #require(report["evidenceBreakdown"] as? [String: [String: Int]])
        #expect(evidence.values.reduce(0) { $0 + ($1["total"] ?? 0) } == 10)
        let suppressions = try #require(report["suppressions"] as? [[String: Any]])
        #expect(suppressions.map { $0["ruleId"] as? String } == ["SEC-LLM-10", "SEC-LLM-01", "NOPE-99"])
    }

    /// A manifest that does not validate still gets a JSON document on stdout.
    @Test(arguments: [["audit", "enums.yaml", "--json"], ["health", "enums.yaml", "--json"],
                      ["generate-policy", "enums.yaml", "--json", "--out", "/tmp/never-written"]])
    func jsonOnAnInvalidManifestIsADocument(_ args: [String]) throws {
        let r = try BinaryRunner.run(args, cwd: Self.invalidDir)
        #expect(r.status == 1)
        let doc = try json(r.stdout)
        #expect(doc["schemaVersion"] as? String == "1.0")
        #expect(doc["valid"] as? Bool == false)
        #expect(doc["file"] as? String == "enums.yaml")
        #expect((doc["error"] as? [String: String])?["code"] == "invalid-manifest")
        let errors = try #require(doc["errors"] as? [[String: Any]])
        #expect(!errors.isEmpty && errors.allSatisfy { $0["line"] is Int && $0["message"] is String })
        #expect(!r.stderr.isEmpty, "people still read the problems on stderr")
    }

    @Test func auditHumanReportWithoutColourWhenPiped() throws {
        let r = try BinaryRunner.run(["audit", Self.gymcoach, "--pack", "memory-hygiene"])
        #expect(r.status == 0)
        #expect(!r.stdout.contains("\u{1B}["))
        #expect(r.stdout.contains("Score 92/100, grade A"))
        #expect(r.stdout.contains("memory-hygiene       4/5 rules passed, score 80\n"))
        #expect(r.stdout.contains("LOW      MEM-05     Short-term memory bounded\n"))
        #expect(r.stdout.contains("agent.yaml:65:7 /spec/memory/shortTerm: short-term memory has no maxTokens\n"))
    }

    @Test func auditFailBelowAndInvalidManifest() throws {
        let low = try BinaryRunner.run(["audit", Self.references + "/packages_operator_demo_trading-bot_deployment.yaml__agent.yaml", "--fail-below", "90"])
        #expect(low.status == 1)
        #expect(low.stderr.contains("is below 90"))
        let invalid = try BinaryRunner.run(["audit", "enums.yaml"], cwd: Self.invalidDir)
        #expect(invalid.status == 1)
        #expect(invalid.stderr.contains("not audited"))
    }

    @Test func generatePolicyWritesBothFiles() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("policy-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let r = try BinaryRunner.run(["generate-policy", Self.gymcoach, "--out", out.path, "--json"])
        #expect(r.status == 0)
        let summary = try json(r.stdout)
        #expect(summary["package"] as? String == "agentspec.agent.gymcoach")
        #expect(summary["query"] as? String == "data.agentspec.agent.gymcoach.deny")
        #expect((summary["rules"] as? [String])?.count == 8)
        let rego = try String(contentsOf: out.appendingPathComponent("policy.rego"), encoding: .utf8)
        #expect(rego.contains("package agentspec.agent.gymcoach\n"))
        #expect(summary["dataPath"] as? String == "data.agentspec.agent.gymcoach")
        #expect(summary["schemaVersion"] as? String == "1.0")
        let data = try json(String(contentsOf: out.appendingPathComponent("data.json"), encoding: .utf8))
        let values = (data["agentspec"] as? [String: Any]).flatMap { $0["agent"] as? [String: Any] }.flatMap { $0["gymcoach"] as? [String: Any] }
        #expect(values?["destructiveTools"] as? [String] == ["delete-workout"])
        #expect(data.count == 1, "nothing but data.agentspec.agent.gymcoach")
        // Like `generate`: existing files stay unless --force.
        try Data("# edited\n".utf8).write(to: out.appendingPathComponent("policy.rego"))
        let again = try BinaryRunner.run(["generate-policy", Self.gymcoach, "--out", out.path])
        #expect(again.status == 1)
        #expect(again.stderr.hasSuffix("agentspec generate-policy: 2 files already exist; nothing written (use --force to overwrite)\n"))
        #expect(try String(contentsOf: out.appendingPathComponent("policy.rego"), encoding: .utf8) == "# edited\n")
        let refused = try json(try BinaryRunner.run(["generate-policy", Self.gymcoach, "--out", out.path, "--json"]).stdout)
        #expect((refused["error"] as? [String: String])?["code"] == "files-exist")
        #expect((refused["files"] as? [String])?.count == 2)
        let forced = try BinaryRunner.run(["generate-policy", Self.gymcoach, "--out", out.path, "--force"])
        #expect(forced.status == 0)
        #expect(try String(contentsOf: out.appendingPathComponent("policy.rego"), encoding: .utf8) == rego)
    }

    @Test func generatePolicyRefusesAnInvalidManifest() throws {
        let r = try BinaryRunner.run(["generate-policy", "cross-field.yaml", "--out", "/tmp/never-written"], cwd: Self.invalidDir)
        #expect(r.status == 1)
        #expect(r.stderr.contains("no policy written"))
    }
}
