// POLICY_DIR is read by the one policy loader, as a bundle: a rule there that reads
// data.yaml decides in the sidecar as it does under `policy test` (before, the sidecar
// ignored data.yaml, so such a rule passed its tests and never fired), a `.tar.gz`
// bundle works where the folder does, and a broken file is a load error naming it.
import Foundation
import PolicyVM
import Testing
@testable import Sidecar

@Suite struct PolicyDirTests {
    static let manifest = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("examples/gymcoach/agent.yaml").path

    static func folder(_ files: [String: String]) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("policydir-\(UUID().uuidString)")
        for (name, text) in files {
            let url = dir.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return dir.path
    }

    /// A rule adding a violation when the agent's name is listed in data.extra.blocked.
    static func files(package: String) -> [String: String] {
        ["extra/blocked.rego": "package \(package)\n\ndeny contains \"agent_blocked\" if input.agent_name in data.extra.blocked\n",
         "extra/data.yaml": "blocked:\n  - gymcoach\n"]
    }

    static func violations(_ policy: AgentPolicy) throws -> [String] {
        try policy.embedded.violations(policy.profile, BehaviourReport(), usage: DailyUsage())
    }

    @Test func dataYAMLInPolicyDirDecides() throws {
        let base = try AgentPolicy.load(manifestPath: Self.manifest, policyDir: nil)
        let dir = try Self.folder(Self.files(package: base.generated.packageName))
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let policy = try AgentPolicy.load(manifestPath: Self.manifest, policyDir: dir)
        #expect(try Self.violations(policy).contains("agent_blocked"))
        #expect(!(try Self.violations(base).contains("agent_blocked")))
        #expect(policy.sourceFiles.contains(dir + "/extra/data.yaml"))
    }

    @Test func aTarGzBundleWorksWhereTheFolderDoes() throws {
        let base = try AgentPolicy.load(manifestPath: Self.manifest, policyDir: nil)
        let files = Self.files(package: base.generated.packageName)
        let dir = try Self.folder(Dictionary(uniqueKeysWithValues: files.map { ("src/" + $0.key, $0.value) }))
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let tar = Process()
        tar.executableURL = URL(fileURLWithPath: "/bin/tar")
        tar.arguments = ["-czf", dir + "/bundle.tar.gz", "-C", dir + "/src", "."]
        try tar.run()
        tar.waitUntilExit()
        let policy = try AgentPolicy.load(manifestPath: Self.manifest, policyDir: dir + "/bundle.tar.gz")
        #expect(try Self.violations(policy).contains("agent_blocked"))
    }

    @Test func aBrokenDataFileIsNamed() throws {
        let dir = try Self.folder(["extra/data.yaml": "blocked: [gymcoach\n"])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let error = #expect(throws: AgentPolicyError.self) { try AgentPolicy.load(manifestPath: Self.manifest, policyDir: dir) }
        #expect(error?.message.hasPrefix("POLICY_DIR: \(dir)/extra/data.yaml:") == true)
    }
}
