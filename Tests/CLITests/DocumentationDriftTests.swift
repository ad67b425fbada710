// DocumentationDriftTests: what the help texts, the README and docs/ promise is what the
// binary does — the starter's grade, hot reload by polling, the conformance protocol's
// description inside the repository, every field of the `--json` documents, and where
// the generated fleet tokens come from.
import Foundation
import Testing

@Suite struct DocumentationDriftTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let gymcoach = root.appendingPathComponent("examples/gymcoach/agent.yaml").path

    static func text(_ file: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
    }

    static func help(_ command: [String]) throws -> String {
        let r = try BinaryRunner.run(command + ["--help"])
        #expect(r.status == 0)
        return r.stdout.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "  ", with: " ")
    }

    @Test func initPromisesTheGradeTheStarterGets() throws {
        #expect(try Self.help(["init"]).contains("audits at grade A"))
        #expect(try Self.text("README.md").contains("audits at grade A"))
    }

    @Test func hotReloadByPollingIsDocumented() throws {
        #expect(try Self.help(["sidecar"]).contains("polled every 2 seconds"))
        #expect(try Self.text("README.md").contains("polled every 2 seconds"))
    }

    /// Where a fleet service's token comes from: the Secret and keys the help and README
    /// name are the ones the generated Deployment reads.
    @Test func fleetTokenSourcesAreDocumentedAsGenerated() throws {
        let help = try Self.help(["generate"])
        let readme = try Self.text("README.md")
        for text in [help, readme] {
            #expect(text.contains("<name>-fleet"))
            for key in ["BUNDLE_TOKEN", "DECISION_LOG_TOKEN", "STATUS_TOKEN", "fleet.bundleURL"] {
                #expect(text.contains(key), "\(key) is not documented")
            }
        }
        let r = try BinaryRunner.run(["generate", Self.gymcoach, "--deploy", "k8s", "--dry-run", "--bundle-url", "http://b/a.tar.gz",
                                      "--decision-log-url", "http://c/logs", "--status-url", "http://c/status"])
        for key in ["BUNDLE_TOKEN", "DECISION_LOG_TOKEN", "STATUS_TOKEN"] {
            #expect(r.stdout.contains("name: gymcoach-fleet\n                  key: \(key)\n"), "the Deployment reads \(key) elsewhere")
        }
    }

    @Test func conformanceHelpPointsInsideTheRepository() throws {
        let help = try Self.help(["policy", "conformance"])
        #expect(!help.contains("../"))
        #expect(help.contains("docs/rego-conformance.md"))
        #expect(FileManager.default.fileExists(atPath: Self.root.appendingPathComponent("docs/rego-conformance.md").path))
    }

    /// Every key of every `--json` document appears in docs/json-output.md.
    @Test func everyJSONFieldIsDocumented() throws {
        let doc = try Self.text("docs/json-output.md")
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("drift-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let runs: [[String]] = [
            ["validate", Self.gymcoach, "--json"], ["audit", Self.gymcoach, "--json"],
            ["health", Self.gymcoach, "--json", "--timeout", "1s"], ["generate-policy", Self.gymcoach, "--out", out, "--json"],
            ["audit", "/nonexistent.yaml", "--json"], ["generate-policy", Self.gymcoach, "--out", out, "--json"],
            ["policy", "fmt", "--json", Self.root.appendingPathComponent("policies").path],
        ]
        for args in runs {
            let r = try BinaryRunner.run(args)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], "\(args)")
            #expect(object["schemaVersion"] as? String == "1.0")
            for key in Self.keys(object) {
                #expect(["`\(key)`", "`\(key).", "`\(key)[]", ".\(key)`"].contains { doc.contains($0) },
                        "\(args[0]) --json prints \(key), which docs/json-output.md does not name")
            }
        }
    }

    /// Object keys at any depth, except the keys of maps keyed by data (packs, evidence levels, statuses).
    static func keys(_ value: Any) -> Set<String> {
        var out = Set<String>()
        if let object = value as? [String: Any] {
            for (key, child) in object {
                out.insert(key)
                if ["categoryScores", "packBreakdown", "summary"].contains(key) { continue }
                if key == "evidenceBreakdown", let levels = child as? [String: Any] {
                    out.formUnion(levels.keys)
                    continue
                }
                out.formUnion(keys(child))
            }
        } else if let array = value as? [Any] {
            for element in array { out.formUnion(keys(element)) }
        }
        return out
    }
}
