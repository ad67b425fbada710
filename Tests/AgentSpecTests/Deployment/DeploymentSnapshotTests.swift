// DeploymentSnapshotTests: pins every file `generate --deploy` writes for the GymCoach
// example (k8s, k8s with OPA, helm, compose, and k8s and compose wired to the fleet
// services of `FleetDeploymentTests.all`) against Fixtures/deploy/. Set
// AGENTSPEC_RECORD_SNAPSHOTS=1 to rewrite the snapshots after an intended change.
import Foundation
import PolicyVM
import Testing
@testable import AgentSpec

struct DeploymentSnapshotTests {
    static let snapshots = TestManifests.fixtures.appendingPathComponent("deploy/gymcoach")

    static func gymcoachFiles(_ target: DeploymentTarget, opa: Bool = false, fleet: Bool = false) throws -> [GeneratedFile] {
        let text = try String(contentsOf: TestManifests.gymcoach, encoding: .utf8)
        let loaded = ManifestLoader.load(text: text, file: "agent.yaml")
        let manifest = try #require(loaded.manifest)
        let root = try #require(loaded.root)
        return try DeploymentGenerator.generate(manifest: manifest, root: root, manifestText: text, target: target,
                                                options: DeploymentOptions(usesOPA: opa, fleet: fleet ? FleetDeploymentTests.all : FleetSettings()))
    }

    @Test(arguments: [("k8s", DeploymentTarget.k8s, false, false), ("k8s-opa", .k8s, true, false), ("helm", .helm, false, false),
                      ("compose", .compose, false, false),
                      ("k8s-fleet", .k8s, false, true), ("compose-fleet", .compose, false, true)])
    func matchesSnapshot(_ folder: String, _ target: DeploymentTarget, _ opa: Bool, _ fleet: Bool) throws {
        let files = try Self.gymcoachFiles(target, opa: opa, fleet: fleet)
        let dir = Self.snapshots.appendingPathComponent(folder)
        if ProcessInfo.processInfo.environment["AGENTSPEC_RECORD_SNAPSHOTS"] == "1" {
            try? FileManager.default.removeItem(at: dir)
            for f in files {
                let url = dir.appendingPathComponent(f.path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(f.contents.utf8).write(to: url)
            }
        }
        let recorded = try Self.listFiles(dir)
        #expect(recorded == files.map(\.path).sorted(), "the set of generated files changed")
        for f in files {
            let expected = try String(contentsOf: dir.appendingPathComponent(f.path), encoding: .utf8)
            #expect(f.contents == expected, "\(folder)/\(f.path) differs from its snapshot")
        }
    }

    @Test(arguments: DeploymentTarget.allCases)
    func isDeterministic(_ target: DeploymentTarget) throws {
        #expect(try Self.gymcoachFiles(target, opa: true) == Self.gymcoachFiles(target, opa: true))
    }

    /// Every plain YAML file reads back with the project's own reader, and the ConfigMap
    /// carries the manifest byte for byte plus a policy bundle that compiles.
    @Test func configMapCarriesManifestAndCompilablePolicy() throws {
        let files = try Self.gymcoachFiles(.k8s)
        for f in files { _ = try YAMLParser.parseDocument(f.contents) }
        let configMap = try YAMLParser.parseDocument(try #require(files.first { $0.path == "k8s/configmap.yaml" }).contents)
        let data = try #require(configMap["data"])
        let manifest = try String(contentsOf: TestManifests.gymcoach, encoding: .utf8)
        #expect(data["agent.yaml"]?.scalar?.text == manifest)
        let rego = try #require(data["policy.rego"]?.scalar?.text)
        let json = try #require(data["data.json"]?.scalar?.text)
        let document = try JSONReader.parse(json)
        let program = try PolicyCompiler.compile([("policy.rego", rego)], data: document)
        _ = program
        #expect(rego.contains("package agentspec.agent.gymcoach"))
    }

    private static func listFiles(_ dir: URL) throws -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: dir.path) else { return [] }
        var paths: [String] = []
        while let p = walker.nextObject() as? String {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent(p).path, isDirectory: &isDir), !isDir.boolValue {
                paths.append(p)
            }
        }
        return paths.sorted()
    }
}
